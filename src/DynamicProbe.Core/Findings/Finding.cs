using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Findings;

/// <summary>
/// Behaviour that no expectation allowed. <paramref name="Evidence"/> holds the observed events behind it, one entry
/// per distinct action (an entry standing for identical events says how many in <see cref="ProbeEvent.Repeats"/>),
/// bounded: <paramref name="Occurrences"/> says how many there were in all, <see cref="EvidenceOmitted"/> how many of
/// them the bound left out.
/// </summary>
public sealed record Finding(
    string Rule,
    Severity Severity,
    Phase Phase,
    string Message,
    IReadOnlyList<ProbeEvent> Evidence,
    int Occurrences)
{
    /// <summary>
    /// Every step during which one of its occurrences happened (not just those kept as evidence), in time order: the
    /// first is the step of its first evidence event.
    /// </summary>
    public IReadOnlyList<StepRef> Steps { get; init; } = [];

    /// <summary>
    /// The run of the scenario it came from: <c>default</c> (the scenario as written) or a variant's name; for a
    /// trigger-dependent finding, every run the behaviour showed in. Null for the build, which all runs share.
    /// </summary>
    public string? Variant { get; init; }

    /// <summary>Events behind the finding that its evidence neither holds nor counts as a repeat: the bound cut them.</summary>
    public int EvidenceOmitted { get; init; }

    /// <summary>The MITRE ATT&amp;CK technique id of the behaviour (<c>T1552.004</c>); null when none fits.</summary>
    public string? Technique { get; init; }

    /// <summary>
    /// What the finding is about, as its rule groups it (the path, endpoint, domain, folder, program name, step): the
    /// same behaviour in another run has the same subject, whatever its pids, times and counts, so reports can track it.
    /// </summary>
    public string? Subject { get; init; }
}
