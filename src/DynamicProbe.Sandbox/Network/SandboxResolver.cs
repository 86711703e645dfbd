using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Network;

/// <summary>The sandbox's <c>/etc/resolv.conf</c>, chosen so that every name a program looks up is seen.</summary>
public static class SandboxResolver
{
    /// <summary>
    /// Under <c>network: none</c>: the loopback stub resolver of systemd-resolved, as on an Ubuntu server. A UDP
    /// connect to a loopback address succeeds, so the resolver sends its query (which the monitor reads the name from)
    /// and then gets ECONNREFUSED at once. With an outside nameserver the connect fails with ENETUNREACH and the name
    /// is never sent, so it could not be seen.
    /// </summary>
    public const string LoopbackStub = "nameserver 127.0.0.53\noptions timeout:2 attempts:2\n";

    /// <summary>Under <c>network: sinkhole</c> an outside nameserver, which the namespace redirects to the fake DNS.</summary>
    public static string ResolvConfFor(NetworkMode network) =>
        network == NetworkMode.Sinkhole ? IdentityFiles.DefaultResolvConf : LoopbackStub;
}
