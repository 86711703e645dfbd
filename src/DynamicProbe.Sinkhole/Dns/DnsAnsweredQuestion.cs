namespace DynamicProbe.Sinkhole.Dns;

/// <summary>A question and what the fake server said to it.</summary>
/// <param name="Answer">The answer's data as text (an address, the TXT string), or null for an empty answer.</param>
public sealed record DnsAnsweredQuestion(DnsQuestion Question, DnsResponseCode ResponseCode, string? Answer);
