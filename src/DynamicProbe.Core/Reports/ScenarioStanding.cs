using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports;

/// <summary>What of a scenario's outcome the exit code depends on.</summary>
/// <param name="Fails">A finding at or above <c>--fail-on</c> was made.</param>
/// <param name="FullyObserved">Every phase's recording is complete.</param>
public sealed record ScenarioStanding(Verdict Verdict, bool Fails, bool FullyObserved)
{
    /// <summary>
    /// The exit code scenarios add up to. Precedence when they disagree: an error (2) beats findings (1), which beat
    /// inconclusive (3): the most urgent thing for a user to act on decides. Findings made in an incomplete recording
    /// that fail nothing still leave the run inconclusive: what was lost may have been worse.
    /// </summary>
    public static ExitCode ExitCodeOf(IEnumerable<ScenarioStanding> scenarios)
    {
        var all = scenarios.ToList();
        if (all.Any(s => s.Verdict == Verdict.Error))
        {
            return ExitCode.UserError;
        }

        if (all.Any(s => s.Fails))
        {
            return ExitCode.Findings;
        }

        return all.Any(s => s.Verdict == Verdict.Inconclusive || (s.Verdict == Verdict.Findings && !s.FullyObserved))
            ? ExitCode.Inconclusive
            : ExitCode.Clean;
    }
}
