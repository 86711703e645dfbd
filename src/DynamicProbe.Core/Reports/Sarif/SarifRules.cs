using System.Text.Json.Nodes;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;

namespace DynamicProbe.Core.Reports.Sarif;

/// <summary>
/// The rules of a SARIF run (<c>tool.driver.rules</c>): every rule a finding can carry, from rules.yaml's titles and
/// help, plus any other id the report holds (one from another version), and the MITRE ATT&amp;CK taxonomy their
/// techniques point into. Tags follow CodeQL's <c>external/&lt;taxonomy&gt;/&lt;id&gt;</c> convention:
/// <c>security</c> (which GitHub needs to show <c>security-severity</c>) and <c>external/mitre-attack/T1552.004</c>.
/// </summary>
public sealed class SarifRules
{
    public const string TaxonomyName = "MITRE ATT&CK";

    private readonly List<RuleDescription> _rules;
    private readonly Dictionary<string, int> _indexes;

    public SarifRules(RuleBook book, IEnumerable<string> reportedIds)
    {
        _rules = [.. book.Descriptions];
        foreach (var id in reportedIds.Distinct(StringComparer.Ordinal).Where(id => book.DescriptionOf(id) is null).Order(StringComparer.Ordinal))
        {
            _rules.Add(new RuleDescription(
                id,
                id,
                $"A finding of rule {id}, which this version of DynamicProbe does not describe.",
                "Read the finding's message and evidence; the DynamicProbe version that made the report describes the rule.",
                Severity.Medium,
                []));
        }

        _indexes = _rules.Select((rule, index) => (rule.Id, index)).ToDictionary(r => r.Id, r => r.index, StringComparer.Ordinal);
    }

    /// <summary>The rule's index in <c>tool.driver.rules</c>.</summary>
    public int IndexOf(string id) => _indexes[id];

    /// <summary>The page of an ATT&amp;CK technique: <c>T1552.004</c> is <c>techniques/T1552/004/</c>.</summary>
    public static string TechniqueUri(string technique) => $"https://attack.mitre.org/techniques/{technique.Replace('.', '/')}/";

    /// <summary>A reference to a technique in the run's only taxonomy.</summary>
    public static JsonObject TaxonReference(string technique) => new()
    {
        ["id"] = technique,
        ["toolComponent"] = new JsonObject { ["name"] = TaxonomyName, ["index"] = 0 },
    };

    public JsonArray Descriptors() => [.. _rules.Select(Descriptor)];

    /// <summary>The taxonomy: every technique a rule names, each once.</summary>
    public JsonObject Taxonomy() => new()
    {
        ["name"] = TaxonomyName,
        ["organization"] = "The MITRE Corporation",
        ["informationUri"] = "https://attack.mitre.org/",
        ["isComprehensive"] = false,
        ["shortDescription"] = Text("Adversary tactics and techniques based on real-world observations."),
        ["taxa"] = new JsonArray([.. _rules.SelectMany(r => r.Techniques).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(t => (JsonNode)new JsonObject { ["id"] = t, ["helpUri"] = TechniqueUri(t) })]),
    };

    private static JsonNode Descriptor(RuleDescription rule)
    {
        var descriptor = new JsonObject
        {
            ["id"] = rule.Id,
            ["name"] = string.Concat(rule.Id.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
            ["shortDescription"] = Text(rule.Title),
            ["fullDescription"] = Text(rule.Description),
            ["help"] = new JsonObject { ["text"] = HelpText(rule), ["markdown"] = HelpMarkdown(rule) },
            ["defaultConfiguration"] = new JsonObject { ["level"] = SarifSeverity.DefaultLevelOf(rule.Severity) },
        };

        // One page only: a rule of several techniques lists them all in its help.
        if (rule.Techniques is [var technique])
        {
            descriptor["helpUri"] = TechniqueUri(technique);
        }

        if (rule.Techniques.Count > 0)
        {
            descriptor["relationships"] = new JsonArray([.. rule.Techniques.Select(t => (JsonNode)new JsonObject
            {
                ["target"] = TaxonReference(t),
                ["kinds"] = new JsonArray("relevant"),
            })]);
        }

        descriptor["properties"] = new JsonObject
        {
            ["tags"] = new JsonArray(["security", .. rule.Techniques.Select(t => (JsonNode)$"external/mitre-attack/{t}")]),
            ["security-severity"] = SarifSeverity.ScoreOf(rule.Severity),
        };
        return descriptor;
    }

    private static string HelpText(RuleDescription rule)
    {
        var techniques = rule.Techniques.Count == 0
            ? string.Empty
            : $"\n\nMITRE ATT&CK: {string.Join(", ", rule.Techniques.Select(t => $"{t} ({TechniqueUri(t)})"))}";
        return $"{rule.Description}\n\nWhat to do: {rule.Remedy}{techniques}";
    }

    private static string HelpMarkdown(RuleDescription rule)
    {
        var techniques = rule.Techniques.Count == 0
            ? string.Empty
            : $"\n\n**MITRE ATT&CK:** {string.Join(", ", rule.Techniques.Select(t => $"[{t}]({TechniqueUri(t)})"))}";
        return $"{rule.Description}\n\n**What to do:** {rule.Remedy}{techniques}";
    }

    private static JsonObject Text(string text) => new() { ["text"] = text };
}
