using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Network;

namespace DynamicProbe.Sandbox.Tests.Network;

public class NamespaceFirewallTests
{
    [Test]
    public void Loopback_is_left_alone_and_dns_tcp_and_udp_go_to_the_catchers_ports_udp_keeping_its_address()
    {
        var rules = NamespaceFirewall.Ipv4Rules(new SinkholePorts(Tcp: 1001, Udp: 1002, Dns: 1053));

        Assert.That(rules.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "*nat",
            "-A OUTPUT -d 127.0.0.0/8 -j RETURN",
            "-A OUTPUT -p udp --dport 53 -j REDIRECT --to-ports 1053",
            "-A OUTPUT -p tcp -j REDIRECT --to-ports 1001",
            "-A OUTPUT -p udp -j DNAT --to-destination :1002",
            "COMMIT",
            "*filter",
            "-A OUTPUT ! -o lo -j REJECT",
            "COMMIT",
        }));
    }

    [Test]
    public void Host_commands_enter_the_network_namespace_only()
    {
        Assert.That(NamespaceFirewall.Enter(4242), Is.EqualTo(new[] { "nsenter", "--target=4242", "--net", "--" }));
    }

    [Test]
    public void Under_network_none_the_resolver_is_a_loopback_stub_so_queries_are_sent_and_seen()
    {
        Assert.That(SandboxResolver.ResolvConfFor(NetworkMode.None), Does.StartWith("nameserver 127.0.0.53\n"));
        Assert.That(SandboxResolver.ResolvConfFor(NetworkMode.Sinkhole), Is.EqualTo(IdentityFiles.DefaultResolvConf));
    }
}
