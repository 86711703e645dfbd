namespace DynamicProbe.Core.Scenarios;

/// <summary>The build phase: always sandboxed, checked against its own expectations.</summary>
public sealed record BuildSpec(bool Sandboxed, Expectations Expect)
{
    /// <summary>Rules silenced in the build only (<c>build.allow_rules</c>, added to the v1 format), beside the scenario's own.</summary>
    public IReadOnlyList<RuleAllowance> AllowRules { get; init; } = [];
}
