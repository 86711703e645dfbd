using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports.Documents;

/// <summary>
/// A finding in the JSON report. <paramref name="FailsRun"/> is decided by the run's <c>--fail-on</c>;
/// <paramref name="Step"/> is the step of its first occurrence, <paramref name="Steps"/> every step it showed in.
/// </summary>
public sealed record FindingDocument(
    string Rule,
    Severity Severity,
    Phase Phase,
    string? Variant,
    string Message,
    bool FailsRun,
    int Occurrences,
    StepRef? Step,
    IReadOnlyList<StepRef> Steps,
    IReadOnlyList<ProbeEvent> Evidence,
    int EvidenceOmitted)
{
    /// <summary>The MITRE ATT&amp;CK technique id; absent when none fits.</summary>
    public string? Technique { get; init; }

    /// <summary>What the finding is about, as its rule groups it (<see cref="Finding.Subject"/>); absent when unknown.</summary>
    public string? Subject { get; init; }
}
