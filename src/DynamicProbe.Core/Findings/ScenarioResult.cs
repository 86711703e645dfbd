using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Findings;

/// <summary>
/// What one scenario came to. <paramref name="Problems"/> are the reasons a verdict is inconclusive or an error
/// (failed steps, monitor trouble, a timeout, a build failure), each in words a user can act on.
/// </summary>
public sealed record ScenarioResult(
    string Name,
    string File,
    Verdict Verdict,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<StepOutcome> Steps,
    IReadOnlyList<string> Problems,
    IReadOnlyList<PhaseSummary> Phases,
    TimeSpan Duration);

/// <summary>How much was observed in a phase, and whether the recording is complete.</summary>
public sealed record PhaseSummary(Phase Phase, int EventCount, MonitorHealth Health);
