namespace DynamicProbe.Core.Events;

/// <summary>
/// What the sinkhole caught of one outbound TCP connection or UDP datagram: the destination the program meant
/// (the original address before redirection, and the DNS name it had been given for it), TLS SNI, and the first
/// bytes it sent, bounded. <see cref="ProbeEvent.Pid"/> is the process that connected when the monitor's connect
/// event could be matched, else 0.
/// </summary>
/// <param name="Protocol">"tcp" or "udp".</param>
/// <param name="DnsName">The name the sinkhole's DNS gave <paramref name="Address"/> for, if any.</param>
/// <param name="TlsServerName">The SNI of a TLS ClientHello, if the first bytes were one.</param>
/// <param name="FirstBytesBase64">The first bytes sent, base64 (binary-safe); at most the catcher's limit.</param>
/// <param name="TotalBytes">How many bytes the program sent in all, also past the kept limit.</param>
public sealed record SinkholeCaptureEvent(
    DateTimeOffset Time,
    int Pid,
    string Process,
    string Protocol,
    string Address,
    int Port,
    string? DnsName,
    string? TlsServerName,
    string FirstBytesBase64,
    long TotalBytes) : ProbeEvent(Time, Pid, Process)
{
    /// <summary>The destination as <c>host:port</c>, IPv6 in brackets, the form <c>expect.network.connect</c> globs match.</summary>
    public string Endpoint => Endpoints.Format(Address, Port);

    /// <summary>True when the program sent more than was kept.</summary>
    public bool Truncated => TotalBytes > Convert.FromBase64String(FirstBytesBase64).Length;
}
