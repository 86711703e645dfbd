using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Policy;

/// <summary>
/// What reports tell a reader about a rule (from rules.yaml): its <paramref name="Title"/>, what the behaviour is
/// (<paramref name="Description"/>) and what to do about it (<paramref name="Remedy"/>).
/// </summary>
/// <param name="Severity">The most severe of its entries: what the rule usually carries (each finding has its own).</param>
/// <param name="Techniques">The MITRE ATT&amp;CK techniques of its entries, each once, in file order; empty when none fits.</param>
public sealed record RuleDescription(
    string Id,
    string Title,
    string Description,
    string Remedy,
    Severity Severity,
    IReadOnlyList<string> Techniques);
