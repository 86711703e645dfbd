using System.Globalization;

namespace DynamicProbe.Sandbox.Network;

/// <summary>
/// Sets up the pod's network namespace from the host, as root, with <c>nsenter --net</c>: the containers themselves
/// keep no capability, so neither the catcher nor the target can change or undo any of it (CAP_NET_ADMIN is checked
/// against the namespace's owning user namespace, the host's). The namespace Docker made for <c>network: none</c> has
/// only <c>lo</c> and IPv6 disabled; on top of that:
/// <list type="bullet">
/// <item>a local default route on <c>lo</c> (table local): every IPv4 address is this host, so a connect anywhere
/// succeeds instead of failing with ENETUNREACH, and no packet has anywhere to go but <c>lo</c>;</item>
/// <item>nat OUTPUT: loopback destinations untouched (a service probing itself still reaches itself), UDP to port 53
/// to the fake DNS, every other TCP to the catcher (REDIRECT: it reads the original destination back with
/// SO_ORIGINAL_DST) and every other UDP to the catcher's port only (a port-only DNAT keeps the destination address in
/// the datagram; the port the catcher finds in the connection-tracking table);</item>
/// <item>filter OUTPUT, IPv4 and IPv6: anything leaving by an interface other than <c>lo</c> is rejected, so even an
/// interface added later could carry nothing.</item>
/// </list>
/// iptables-restore applies each table set atomically; the route goes last, so no connect can succeed before the
/// redirection exists.
/// </summary>
internal static class NamespaceFirewall
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The IPv4 rules, in iptables-restore form.</summary>
    public static string Ipv4Rules(SinkholePorts ports) => string.Create(CultureInfo.InvariantCulture, $"""
        *nat
        -A OUTPUT -d 127.0.0.0/8 -j RETURN
        -A OUTPUT -p udp --dport 53 -j REDIRECT --to-ports {ports.Dns}
        -A OUTPUT -p tcp -j REDIRECT --to-ports {ports.Tcp}
        -A OUTPUT -p udp -j DNAT --to-destination :{ports.Udp}
        COMMIT
        *filter
        -A OUTPUT ! -o lo -j REJECT
        COMMIT

        """);

    /// <summary>The IPv6 rules: nothing but loopback, should IPv6 ever be enabled in the namespace.</summary>
    public const string Ipv6Rules = """
        *filter
        -A OUTPUT ! -o lo -j REJECT
        COMMIT

        """;

    /// <summary>Every destination is local: routed to <c>lo</c>, where the nat rules catch it.</summary>
    public static readonly IReadOnlyList<string> LocalDefaultRoute = ["ip", "-4", "route", "add", "local", "default", "dev", "lo", "table", "local"];

    /// <summary>Configures the network namespace of host process <paramref name="namespacePid"/>.</summary>
    /// <exception cref="InvalidOperationException">A command failed: the namespace must not be used.</exception>
    public static async Task ConfigureAsync(int namespacePid, SinkholePorts ports, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(namespacePid);
        await HostCommand.RunAsync([.. Enter(namespacePid), "iptables-restore"], Ipv4Rules(ports), CommandTimeout, cancellationToken);
        await HostCommand.RunAsync([.. Enter(namespacePid), "ip6tables-restore"], Ipv6Rules, CommandTimeout, cancellationToken);
        await HostCommand.RunAsync([.. Enter(namespacePid), .. LocalDefaultRoute], null, CommandTimeout, cancellationToken);
    }

    /// <summary>Runs a host program inside the namespace only (mounts, pids and users stay the host's).</summary>
    public static IReadOnlyList<string> Enter(int namespacePid) =>
        ["nsenter", $"--target={namespacePid.ToString(CultureInfo.InvariantCulture)}", "--net", "--"];
}
