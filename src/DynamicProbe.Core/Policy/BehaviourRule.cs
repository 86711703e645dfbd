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
    public bool Matches(ObservedAction action) =>
        On.Contains(action.Kind) && (Subjects is null || Subjects.Matches(action.Subject));
}
