using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Findings;

/// <summary>
/// Behaviour that no expectation allowed. <paramref name="Evidence"/> holds the observed events behind it (bounded:
/// <paramref name="Occurrences"/> says how many there were in all).
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
}
