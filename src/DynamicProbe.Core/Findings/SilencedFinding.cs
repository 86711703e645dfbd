namespace DynamicProbe.Core.Findings;

/// <summary>
/// A finding the scenario said it expects (an exact <c>expect</c> entry or <c>allow_rules</c>): reported, so a
/// reader sees what was let through and why, but it never fails a run. <paramref name="Reason"/> names the entry.
/// </summary>
public sealed record SilencedFinding(Finding Finding, string Reason)
{
    /// <summary>The scenario file line of the entry that silenced it, where known (an <c>allow_rules</c> entry).</summary>
    public int? Line { get; init; }
}
