namespace DynamicProbe.Sinkhole.Dns;

/// <summary>One question of a DNS query.</summary>
/// <param name="Name">The name as asked, in presentation format (see <see cref="DnsNameText"/>).</param>
/// <param name="WireName">The name re-encoded uncompressed (labels and the closing zero), ready to echo.</param>
public sealed record DnsQuestion(string Name, byte[] WireName, ushort Type, ushort Class);
