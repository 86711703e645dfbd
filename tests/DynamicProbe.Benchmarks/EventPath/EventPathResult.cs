namespace DynamicProbe.Benchmarks.EventPath;

/// <summary>What one pass of the event path over a stream measured (written as JSON for scripts/bench.sh).</summary>
/// <param name="ParseSeconds">A first pass that only reads and parses every line (to tell the parser's share).</param>
/// <param name="AssembleSeconds">Reading, parsing, routing and assembling every line, and completing the recordings.</param>
/// <param name="AnalyseSeconds">The behaviour rules and the honeytoken checks over every recording.</param>
/// <param name="PeakWorkingSetBytes">The process's peak resident memory (Process.PeakWorkingSet64), runtime included.</param>
/// <param name="PeakManagedBytes">The largest live managed heap seen (GC.GetTotalMemory after assembling and after analysing).</param>
/// <param name="Problems">Records the assembler could not use: zero for a well-formed stream.</param>
internal sealed record EventPathResult(
    long Lines,
    long Events,
    double ParseSeconds,
    int Sandboxes,
    double AssembleSeconds,
    double AnalyseSeconds,
    double EventsPerSecond,
    long PeakWorkingSetBytes,
    long PeakManagedBytes,
    int Findings,
    long LostEvents,
    long DroppedEvents,
    long Problems);
