using System.Net;
using DynamicProbe.Sinkhole.Udp;

namespace DynamicProbe.Sinkhole.Tests.Udp;

public class ConntrackOriginalDestinationTests
{
    // Lines as the kernel wrote them in a namespace with a local default route and a port-only DNAT to 15002
    // (the source of a packet to a "local" address is that address itself), plus a REDIRECTed DNS query and TCP.
    private const string Table = """
        ipv4     2 udp      17 30 src=203.0.113.7 dst=203.0.113.7 sport=43613 dport=1234 src=203.0.113.7 dst=203.0.113.7 sport=15002 dport=43613 mark=0 zone=0 use=2
        ipv4     2 udp      17 29 src=198.18.0.5 dst=198.18.0.5 sport=43613 dport=9999 [UNREPLIED] src=198.18.0.5 dst=198.18.0.5 sport=15002 dport=43613 mark=0 zone=0 use=2
        ipv4     2 udp      17 29 src=192.0.2.53 dst=192.0.2.53 sport=40000 dport=53 src=127.0.0.1 dst=192.0.2.53 sport=15053 dport=40000 mark=0 zone=0 use=2
        ipv4     2 tcp      6 431999 ESTABLISHED src=192.0.2.9 dst=192.0.2.9 sport=40001 dport=443 src=127.0.0.1 dst=192.0.2.9 sport=15001 dport=40001 [ASSURED] mark=0 zone=0 use=2
        ipv6     10 udp      17 30 src=0000:0000:0000:0000:0000:0000:0000:0001 dst=2001:0db8:0000:0000:0000:0000:0000:0005 sport=5555 dport=7777 src=0000:0000:0000:0000:0000:0000:0000:0001 dst=0000:0000:0000:0000:0000:0000:0000:0001 sport=15002 dport=5555 mark=0 zone=0 use=2
        ipv4     2 icmp     1 29 src=127.0.0.1 dst=127.0.0.1 type=8 code=0 id=1 src=127.0.0.1 dst=127.0.0.1 type=0 code=0 id=1 mark=0 zone=0 use=2
        garbage line
        """;

    private string _path = null!;

    [SetUp]
    public void WriteTable()
    {
        _path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"conntrack-{Guid.NewGuid():N}");
        File.WriteAllText(_path, Table);
    }

    [TearDown]
    public void DeleteTable() => File.Delete(_path);

    [Test]
    public void Each_datagram_source_finds_its_original_destination_by_the_reply_tuple()
    {
        var lookup = new ConntrackOriginalDestination(_path);
        var first = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 43613);
        var second = new IPEndPoint(IPAddress.Parse("198.18.0.5"), 43613);
        var ipv6 = new IPEndPoint(IPAddress.IPv6Loopback, 5555);

        var found = lookup.Find([first, second, ipv6], localPort: 15002);

        Assert.That(lookup.Problem, Is.Null);
        Assert.That(found[first], Is.EqualTo(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 1234)));
        Assert.That(found[second], Is.EqualTo(new IPEndPoint(IPAddress.Parse("198.18.0.5"), 9999)), "same source port, other flow");
        Assert.That(found[ipv6], Is.EqualTo(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 7777)));
    }

    [Test]
    public void Flows_to_other_ports_and_protocols_do_not_match()
    {
        var lookup = new ConntrackOriginalDestination(_path);

        var dnsSource = new IPEndPoint(IPAddress.Parse("192.0.2.53"), 40000);
        var tcpSource = new IPEndPoint(IPAddress.Parse("192.0.2.9"), 40001);
        var found = lookup.Find([dnsSource, tcpSource, new IPEndPoint(IPAddress.Loopback, 1)], localPort: 15002);

        Assert.That(found, Is.Empty);
        Assert.That(lookup.Find([dnsSource], localPort: 15053)[dnsSource].Port, Is.EqualTo(53));
    }

    [Test]
    public void An_unreadable_table_is_a_stated_problem_and_finds_nothing()
    {
        var lookup = new ConntrackOriginalDestination(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-such-table"));

        Assert.That(lookup.Problem, Does.Contain("no-such-table"));
        Assert.That(lookup.Find([new IPEndPoint(IPAddress.Loopback, 1)], 15002), Is.Empty);
    }

    [Test]
    public void Icmp_and_garbage_lines_are_not_entries()
    {
        Assert.That(ConntrackEntry.TryParse("ipv4     2 icmp     1 29 src=127.0.0.1 dst=127.0.0.1 type=8 code=0 id=1"), Is.Null);
        Assert.That(ConntrackEntry.TryParse("garbage"), Is.Null);
        Assert.That(ConntrackEntry.TryParse("ipv4 2 udp 17 1 src=x dst=y sport=1 dport=2 src=a dst=b sport=3 dport=4"), Is.Null);
    }
}
