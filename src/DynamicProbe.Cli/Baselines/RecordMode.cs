using System.Collections.Concurrent;
using DynamicProbe.Cli.Commands;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Cli.Baselines;

/// <summary>
/// <c>baseline record</c>: runs each scenario as written and writes its profile beside it. A run that errored or was
/// not fully observed (or was interrupted) cannot say what the program does, so its baseline is not written (exit code 2
/// or 3); findings are recorded as accepted behaviour (exit code 0).
/// </summary>
public sealed class RecordMode : ScenarioMode
{
    private readonly ConcurrentBag<(string Scenario, string Line, ExitCode Code)> outcomes = [];

    public override async Task<ScenarioResult> ExecuteAsync(ScenarioExecutor executor, Scenario scenario, CancellationToken cancellationToken)
    {
        var result = await executor.ExecuteAsync(scenario, cancellationToken);
        var path = BaselineFile.PathFor(scenario);
        if (result.Verdict == Verdict.Error)
        {
            outcomes.Add((scenario.FilePath, $"{scenario.Name}: baseline NOT written, the run failed: {string.Join("; ", result.Problems)}", ExitCode.UserError));
        }
        else if (result.Verdict == Verdict.Inconclusive || !result.Profile.FullyObserved || result.Phases.Any(p => !p.Health.IsComplete))
        {
            outcomes.Add((scenario.FilePath, $"{scenario.Name}: baseline NOT written, the run was not fully observed: {string.Join("; ", result.Problems)}", ExitCode.Inconclusive));
        }
        else
        {
            await File.WriteAllTextAsync(path, BaselineFile.Format(scenario, result.Profile), cancellationToken);
            var count = result.Profile.Phases.Sum(p => p.Behaviours.Count);
            outcomes.Add((scenario.FilePath, $"{scenario.Name}: baseline written to {path} ({count} behaviour(s))", ExitCode.Clean));
        }

        return result;
    }

    public override async Task<int> FinishAsync(RunReport report, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var interrupted in report.Scenarios.Where(s => s.Interrupted))
        {
            outcomes.Add((interrupted.File, $"{interrupted.Name}: baseline NOT written, the run was interrupted before it finished", ExitCode.Inconclusive));
        }

        foreach (var outcome in outcomes.OrderBy(o => o.Scenario, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(outcome.Line);
        }

        var codes = outcomes.Select(o => o.Code).ToList();
        var code = codes.Contains(ExitCode.UserError) ? ExitCode.UserError : codes.Contains(ExitCode.Inconclusive) ? ExitCode.Inconclusive : ExitCode.Clean;

        // The run summary above counts findings, which a recording accepts; this line is the command's own outcome.
        await output.WriteLineAsync($"baseline record: {codes.Count(c => c == ExitCode.Clean)} of {codes.Count} baseline(s) written. Exit code {(int)code}.");
        return (int)code;
    }
}
