using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports.Documents;

/// <summary>A finding the scenario silenced: reported so a reader sees what was let through, never failing a run.</summary>
/// <param name="Reason">The exact <c>expect</c> entry, or <c>allow_rules</c> with where it is written.</param>
public sealed record SilencedDocument(
    string Rule,
    string? Technique,
    Severity Severity,
    Phase Phase,
    string? Variant,
    string Message,
    string Reason,
    int Occurrences,
    IReadOnlyList<ProbeEvent> Evidence)
{
    /// <summary>What the finding is about, as its rule groups it (<see cref="Finding.Subject"/>); absent when unknown.</summary>
    public string? Subject { get; init; }

    /// <summary>The scenario file line of the entry that silenced it, where known (an <c>allow_rules</c> entry).</summary>
    public int? Line { get; init; }
}
