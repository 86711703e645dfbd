using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports.Documents;

/// <summary>
/// The JSON report as data: what <c>--json</c> writes and <c>dynamicprobe merge</c> reads back. Every other format
/// (SARIF, JUnit, HTML) is rendered from it, never from the run itself, so a merged report renders as a single run's.
/// </summary>
public sealed record ReportDocument(
    int FormatVersion,
    string ToolVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    Severity FailOn,
    int ExitCode,
    IReadOnlyList<ScenarioDocument> Scenarios)
{
    /// <summary>Under <c>run --shard K/N</c>: which shard of which suite this is; absent for a whole run or a merged report.</summary>
    public ShardDocument? Shard { get; init; }
}
