using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// The outcome of one <c>dynamicprobe run</c>: every scenario's result and the exit code they add up to.
/// Precedence when scenarios disagree: an error (2) beats findings (1), which beat inconclusive (3): the most
/// urgent thing for a user to act on decides.
/// </summary>
public sealed record RunReport(
    IReadOnlyList<ScenarioResult> Scenarios,
    Severity FailOn,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt)
{
    public ExitCode ExitCode
    {
        get
        {
            if (Scenarios.Any(s => s.Verdict == Verdict.Error))
            {
                return ExitCode.UserError;
            }

            if (Scenarios.Any(s => s.Findings.Any(Fails)))
            {
                return ExitCode.Findings;
            }

            return Scenarios.Any(s => s.Verdict == Verdict.Inconclusive || (s.Verdict == Verdict.Findings && !IsComplete(s)))
                ? ExitCode.Inconclusive
                : ExitCode.Clean;
        }
    }

    /// <summary>Info notes never fail a run, whatever <see cref="FailOn"/> says.</summary>
    public bool Fails(Finding finding) => finding.Severity > Severity.Info && finding.Severity >= FailOn;

    private static bool IsComplete(ScenarioResult result) => result.Phases.All(p => p.Health.IsComplete);
}
