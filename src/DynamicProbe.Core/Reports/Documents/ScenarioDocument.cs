using System.Text.Json.Serialization;
using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports.Documents;

/// <summary>One scenario's outcome in the JSON report.</summary>
public sealed record ScenarioDocument(
    string Name,
    string File,
    Verdict Verdict,
    long DurationMs,
    IReadOnlyList<string> Problems,
    IReadOnlyList<PhaseDocument> Phases,
    IReadOnlyList<StepDocument> Steps,
    IReadOnlyList<FindingDocument> Findings,
    IReadOnlyList<VariantDocument> Variants)
{
    /// <summary>Findings the scenario silenced (an exact <c>expect</c> entry or <c>allow_rules</c>), with the entry.</summary>
    public IReadOnlyList<SilencedDocument> Silenced { get; init; } = [];

    /// <summary>Under <c>--baseline</c> or <c>--baseline-from</c>: what the findings are drift from; absent otherwise.</summary>
    public string? DriftFrom { get; init; }

    /// <summary>Each phase's process tree and network table (the build's first, then each run's), bounded.</summary>
    public IReadOnlyList<PhaseActivity> Activity { get; init; } = [];

    /// <summary>True when the run was interrupted before this scenario finished (verdict <c>inconclusive</c>); absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Interrupted { get; init; }
}
