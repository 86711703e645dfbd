namespace DynamicProbe.Sandbox.Network;

/// <summary>
/// Where the catcher listens inside the pod's namespace, and so where the namespace's REDIRECT rules send traffic.
/// Unusual high ports: the target shares the namespace, and a service of its own must still be able to listen on the
/// ports services commonly use.
/// </summary>
/// <param name="Tcp">Every outbound TCP connection (DNS over TCP included; the catcher answers it as DNS).</param>
/// <param name="Udp">Every outbound UDP datagram but DNS.</param>
/// <param name="Dns">UDP to port 53: the fake DNS server.</param>
public sealed record SinkholePorts(int Tcp = 46001, int Udp = 46002, int Dns = 46053)
{
    public static SinkholePorts Default { get; } = new();
}
