using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Cli.Commands;

/// <summary>
/// What a run does with each scenario: runs it as written (this base class), or against a baseline, or records one
/// (see <c>Baselines/</c>). The pipeline around it (sandboxes, monitor, reports) is the same.
/// </summary>
public class ScenarioMode
{
    public static ScenarioMode AsWritten { get; } = new();

    /// <summary>Refuses bad input before anything starts (a user error, exit code 2).</summary>
    public virtual Task CheckAsync(IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task<ScenarioResult> ExecuteAsync(ScenarioExecutor executor, Scenario scenario, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(scenario, cancellationToken);

    /// <summary>After the reports are written: the exit code.</summary>
    public virtual Task<int> FinishAsync(RunReport report, TextWriter output, CancellationToken cancellationToken) =>
        Task.FromResult((int)report.ExitCode);
}
