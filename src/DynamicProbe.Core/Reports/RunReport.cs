using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// The outcome of one <c>dynamicprobe run</c>: every scenario's result and the exit code they add up to
/// (<see cref="ScenarioStanding.ExitCodeOf"/>).
/// </summary>
public sealed record RunReport(
    IReadOnlyList<ScenarioResult> Scenarios,
    Severity FailOn,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    public ExitCode ExitCode => ScenarioStanding.ExitCodeOf(
        Scenarios.Select(s => new ScenarioStanding(s.Verdict, s.Findings.Any(Fails), s.Phases.All(p => p.Health.IsComplete))));

    /// <summary>Info notes never fail a run, whatever <see cref="FailOn"/> says.</summary>
    public bool Fails(Finding finding) => finding.Severity > Severity.Info && finding.Severity >= FailOn;
}
