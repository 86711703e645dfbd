using DynamicProbe.Cli.Progress;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Sharding;

namespace DynamicProbe.Cli.Commands;

/// <summary>The validated flags of <c>dynamicprobe run</c>.</summary>
public sealed record RunOptions(IReadOnlyList<string> Paths, IReadOnlyList<RequestedReport> Reports, Severity FailOn, int Parallelism)
{
    /// <summary>As written, against a baseline (<c>--baseline</c>, <c>--baseline-from</c>), or recording one.</summary>
    public ScenarioMode Mode { get; init; } = ScenarioMode.AsWritten;

    /// <summary>What is printed as the run goes (<c>--progress</c>, <c>--quiet</c>).</summary>
    public ConsoleSettings Console { get; init; } = ConsoleSettings.Default;

    /// <summary><c>--shard K/N</c>: run only this shard of the scenarios; null runs them all.</summary>
    public ShardSpec? Shard { get; init; }
}
