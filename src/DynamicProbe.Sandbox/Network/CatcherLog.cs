namespace DynamicProbe.Sandbox.Network;

/// <summary>What the catcher's records file held, read back on the host.</summary>
/// <param name="Ready">Its ready record was there: it listened on every port.</param>
/// <param name="Stopped">Its stopped record was there: it stopped cleanly and wrote everything it had.</param>
/// <param name="Problems">
/// Why the records cannot be complete: dropped records (its <c>truncated</c> records), things that went wrong (its
/// <c>error</c> records), lines that could not be read, a file over the reader's limit.
/// </param>
internal sealed record CatcherLog(
    bool Ready,
    bool Stopped,
    IReadOnlyList<CatcherDnsQuery> DnsQueries,
    IReadOnlyList<CatcherCapture> Captures,
    IReadOnlyList<string> Problems)
{
    public static CatcherLog Empty { get; } = new(false, false, [], [], []);
}
