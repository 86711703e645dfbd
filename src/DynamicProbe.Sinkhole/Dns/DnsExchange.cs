namespace DynamicProbe.Sinkhole.Dns;

/// <summary>The outcome of one incoming DNS message.</summary>
/// <param name="Response">The reply to send, or null when the message deserves none (too short, or itself a response).</param>
/// <param name="Answered">Each question asked and what it was told; empty when the message did not parse.</param>
/// <param name="Problem">Why the message was malformed or refused, or null when it was a good query.</param>
public sealed record DnsExchange(byte[]? Response, IReadOnlyList<DnsAnsweredQuestion> Answered, string? Problem);
