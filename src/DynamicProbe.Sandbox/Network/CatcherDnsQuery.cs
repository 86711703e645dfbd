namespace DynamicProbe.Sandbox.Network;

/// <summary>A question the catcher's fake DNS server was asked (its <c>dns</c> record).</summary>
/// <param name="Name">Presentation format, as asked.</param>
/// <param name="QueryType">A, AAAA, TXT, …</param>
/// <param name="Answer">What it answered (the name's fake address, for A and AAAA), or null.</param>
internal sealed record CatcherDnsQuery(DateTimeOffset Time, string Name, string QueryType, string? Answer);
