namespace DynamicProbe.Sandbox.Network;

/// <summary>One connection or datagram the catcher caught (its <c>tcp</c> and <c>udp</c> records).</summary>
/// <param name="Protocol">"tcp" or "udp".</param>
/// <param name="Address">The original destination address; null when the catcher could not recover it (UDP only).</param>
/// <param name="Port">The original destination port; null when the catcher could not recover it (UDP only).</param>
/// <param name="DnsName">The name the catcher's DNS gave this address for.</param>
/// <param name="TlsServerName">The SNI of a TLS ClientHello.</param>
/// <param name="FirstBytesBase64">The first bytes sent, as the catcher kept them.</param>
/// <param name="TotalBytes">Everything the program sent, also past what was kept.</param>
internal sealed record CatcherCapture(
    DateTimeOffset Time,
    string Protocol,
    string? Address,
    int? Port,
    string? DnsName,
    string? TlsServerName,
    string FirstBytesBase64,
    long TotalBytes);
