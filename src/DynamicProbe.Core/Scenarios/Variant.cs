namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// The scenario again under other conditions. <see cref="Sandbox"/> is the scenario's sandbox with this variant's
/// overrides applied: a variant's <c>env</c> is merged over the scenario's (its names win), every other field it
/// lists replaces the scenario's value. <see cref="OverriddenFields"/> names the sandbox fields the variant wrote, so
/// behaviour that differs between variants can be tied to the trigger that changed.
/// </summary>
public sealed record Variant(
    string Name,
    SandboxSpec Sandbox,
    IReadOnlyList<string> OverriddenFields,
    SourceLocation Location);
