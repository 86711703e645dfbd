using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Policy;

/// <summary>One entry of rules.yaml: which unexpected actions it names, how bad they are, and how they are grouped.</summary>
public sealed record BehaviourRule(
    string Id,
    IReadOnlySet<ActionKind> On,
    GlobSet? Subjects,
    Severity Severity,
    GroupBy GroupBy,
    string Message)
{
    /// <summary>The MITRE ATT&amp;CK technique id (<c>T1552.004</c>); null when none fits.</summary>
    public string? Technique { get; init; }

    /// <summary>Fires even when a broad <c>expect</c> glob covers the action (see rules.yaml).</summary>
    public bool AlwaysOn { get; init; }

    /// <summary>Names only an exec of a file something in the phase wrote before it.</summary>
    public bool WrittenEarlier { get; init; }

    /// <summary>Names every action of its kinds: no subject or history condition.</summary>
    public bool IsCatchAll => Subjects is null && !WrittenEarlier;

    /// <param name="writtenEarlier">Whether the action's subject was written earlier in the phase.</param>
    public bool Matches(ObservedAction action, bool writtenEarlier = false) =>
        On.Contains(action.Kind)
        && (Subjects is null || Subjects.Matches(action.Subject))
        && (!WrittenEarlier || writtenEarlier);
}
