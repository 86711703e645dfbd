namespace DynamicProbe.Core.Reports.Documents;

/// <summary>A variant's run: what it changed and its steps (the default run's steps are the scenario's <c>steps</c>).</summary>
public sealed record VariantDocument(string Name, string Trigger, IReadOnlyList<StepDocument> Steps);
