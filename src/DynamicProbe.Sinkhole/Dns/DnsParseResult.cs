namespace DynamicProbe.Sinkhole.Dns;

/// <summary>
/// What parsing a packet gave: the query, or why it is malformed. <see cref="Id"/> is known whenever the header was
/// complete, so even a malformed query can get a FORMERR answer.
/// </summary>
public sealed record DnsParseResult(DnsQuery? Query, string? Problem, ushort? Id, bool HeaderSaysResponse);
