namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>What the first bytes of a TLS connection showed so far.</summary>
/// <param name="IsComplete">The whole ClientHello has arrived (so the program now waits for the server).</param>
/// <param name="ServerName">The SNI host name, made printable, or null when there is none (yet).</param>
public sealed record TlsClientHelloView(bool IsComplete, string? ServerName);
