using System.Diagnostics;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// The scenarios of one run and the results of those that finished, kept as each finishes, so a run stopped by a
/// signal still reports them: the others become inconclusive results marked interrupted. Thread-safe.
/// </summary>
public sealed class RunLedger(IReadOnlyList<Scenario> scenarios)
{
    private readonly Lock gate = new();
    private readonly ScenarioResult?[] results = new ScenarioResult?[scenarios.Count];
    private readonly long?[] started = new long?[scenarios.Count];

    public IReadOnlyList<Scenario> Scenarios => scenarios;

    public void Started(int index)
    {
        lock (gate)
        {
            started[index] = Stopwatch.GetTimestamp();
        }
    }

    public void Finished(int index, ScenarioResult result)
    {
        lock (gate)
        {
            results[index] = result;
        }
    }

    /// <summary>Every finished scenario's result, in the scenarios' order.</summary>
    public IReadOnlyList<ScenarioResult> Results()
    {
        lock (gate)
        {
            return [.. results.OfType<ScenarioResult>()];
        }
    }

    /// <summary>Every scenario's result in the scenarios' order: the finished ones' own, the others' interrupted.</summary>
    /// <param name="signal">What stopped the run, as a user knows it (<c>SIGTERM</c>).</param>
    public IReadOnlyList<ScenarioResult> ResultsInterruptedBy(string signal)
    {
        lock (gate)
        {
            return [.. scenarios.Select((scenario, index) => results[index] ?? Interrupted(scenario, started[index], signal))];
        }
    }

    private static ScenarioResult Interrupted(Scenario scenario, long? startedAt, string signal)
    {
        var problem = startedAt is null
            ? $"interrupted by {signal} before it started; rerun it for a verdict"
            : $"interrupted by {signal} before it finished: nothing it did so far is reported; rerun it for a verdict";
        var duration = startedAt is { } at ? Stopwatch.GetElapsedTime(at) : TimeSpan.Zero;
        return new ScenarioResult(scenario.Name, scenario.FilePath, Verdict.Inconclusive, [], [], [problem], [], duration) { Interrupted = true };
    }
}
