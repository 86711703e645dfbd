using System.Net;
using DynamicProbe.Sinkhole.Hosting;

namespace DynamicProbe.Sinkhole.Tests.Hosting;

public class CommandLineTests
{
    [Test]
    public void Defaults_are_the_pod_ports_on_every_address()
    {
        var options = CommandLine.Parse(["--records", "/run/records.jsonl"]);

        Assert.That(options.RecordsPath, Is.EqualTo("/run/records.jsonl"));
        Assert.That((options.TcpPort, options.UdpPort, options.DnsPort), Is.EqualTo((15001, 15002, 15053)));
        Assert.That(options.Listen, Is.EqualTo(IPAddress.Any));
        Assert.That(options.Ipv6, Is.False);
        Assert.That(options.CaptureLimits.CaptureBytes, Is.EqualTo(16384));
        Assert.That(options.CaptureLimits.MaxConnections, Is.EqualTo(512));
        Assert.That(options.RecordLimits.MaxRecords, Is.EqualTo(100_000));
    }

    [Test]
    public void Every_option_is_read()
    {
        var options = CommandLine.Parse(
        [
            "--tcp-port", "1", "--udp-port", "2", "--dns-port", "3", "--records", "r", "--listen", "127.0.0.1", "--ipv6",
            "--capture-bytes", "100", "--idle-timeout-ms", "300", "--deadline-ms", "4000", "--max-connections", "5",
            "--max-records", "6", "--max-record-bytes", "70000", "--records-per-second", "8", "--max-names", "9", "--conntrack", "/t",
        ]);

        Assert.That((options.TcpPort, options.UdpPort, options.DnsPort), Is.EqualTo((1, 2, 3)));
        Assert.That(options.Listen, Is.EqualTo(IPAddress.Loopback));
        Assert.That(options.Ipv6, Is.True);
        Assert.That(options.CaptureLimits, Is.EqualTo(new Sinkhole.Tcp.CaptureLimits(100, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(4), 5)));
        Assert.That(options.RecordLimits.MaxRecords, Is.EqualTo(6));
        Assert.That(options.RecordLimits.MaxBytes, Is.EqualTo(70000));
        Assert.That(options.RecordLimits.RecordsPerSecond, Is.EqualTo(8));
        Assert.That(options.MaxNames, Is.EqualTo(9));
        Assert.That(options.ConntrackPath, Is.EqualTo("/t"));
    }

    [TestCase(new string[0], "--records PATH is required")]
    [TestCase(new[] { "--records", "r", "--tcp-port", "70000" }, "--tcp-port 70000: expected a whole number from 0 to 65535")]
    [TestCase(new[] { "--records", "r", "--listen", "here" }, "expected an IP address")]
    [TestCase(new[] { "--records", "r", "--frobnicate", "1" }, "unknown option --frobnicate")]
    [TestCase(new[] { "--records" }, "--records needs a value")]
    public void Mistakes_are_named(string[] args, string message)
    {
        Assert.That(() => CommandLine.Parse(args), Throws.TypeOf<UsageException>().With.Message.Contains(message));
    }
}
