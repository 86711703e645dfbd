namespace DynamicProbe.Core.Scenarios;

/// <summary>One validated scenario file (format v1, see scenario-format.md). Every path in it is absolute.</summary>
public sealed record Scenario(
    string Name,
    string? Description,
    string FilePath,
    TargetSpec Target,
    SandboxSpec Sandbox,
    IReadOnlyList<ScenarioStep> Steps,
    Expectations Expect,
    BuildSpec Build)
{
    /// <summary>The folder every relative path in the file was resolved against.</summary>
    public string Folder => Path.GetDirectoryName(FilePath)!;

    /// <summary>Reruns of the scenario under other conditions; empty when the file has no <c>variants</c>.</summary>
    public IReadOnlyList<Variant> Variants { get; init; } = [];

    /// <summary>
    /// Rules whose findings the scenario expects (<c>allow_rules</c>, added to the v1 format): silenced in every phase
    /// and reported as silenced.
    /// </summary>
    public IReadOnlyList<RuleAllowance> AllowRules { get; init; } = [];
}
