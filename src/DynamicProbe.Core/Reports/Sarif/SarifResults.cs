using System.Text.Json.Nodes;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports.Sarif;

/// <summary>
/// A scenario's findings as SARIF results: each at the scenario file, at the line of the step it first showed in (or
/// of the <c>allow_rules</c> entry that silenced it), line 1 when neither applies (GitHub needs a line). Silenced
/// findings are results with an <c>inSource</c> suppression whose justification is the silencing entry. Whatever a
/// target chose (paths, names, output) is escaped inert, as on the console.
/// </summary>
public static class SarifResults
{
    /// <summary>Evidence lines kept per result: a summary, the JSON report has it all.</summary>
    public const int EvidenceShown = 5;

    public static IEnumerable<JsonNode> Of(ScenarioDocument scenario, SarifArtifact artifact, SarifRules rules)
    {
        foreach (var finding in scenario.Findings)
        {
            yield return Result(
                scenario, artifact, rules, finding.Rule, finding.Technique, finding.Severity, finding.Phase, finding.Variant,
                finding.Message, finding.Subject, finding.FailsRun, finding.Step?.Line, finding.Occurrences, finding.Evidence);
        }

        foreach (var silenced in scenario.Silenced)
        {
            var result = Result(
                scenario, artifact, rules, silenced.Rule, silenced.Technique, silenced.Severity, silenced.Phase, silenced.Variant,
                silenced.Message, silenced.Subject, failsRun: false, silenced.Line, silenced.Occurrences, silenced.Evidence);
            result["suppressions"] = new JsonArray(new JsonObject
            {
                ["kind"] = "inSource",
                ["justification"] = InertText.Escape(silenced.Reason),
            });
            yield return result;
        }
    }

    /// <summary>The scenario file at a line, as a SARIF location.</summary>
    public static JsonObject Location(SarifArtifact artifact, int? line)
    {
        var artifactLocation = new JsonObject { ["uri"] = artifact.Uri };
        if (artifact.BaseId is { } baseId)
        {
            artifactLocation["uriBaseId"] = baseId;
        }

        return new JsonObject
        {
            ["physicalLocation"] = new JsonObject
            {
                ["artifactLocation"] = artifactLocation,
                ["region"] = new JsonObject { ["startLine"] = Math.Max(1, line ?? 1) },
            },
        };
    }

    private static JsonObject Result(
        ScenarioDocument scenario,
        SarifArtifact artifact,
        SarifRules rules,
        string rule,
        string? technique,
        Severity severity,
        Phase phase,
        string? variant,
        string message,
        string? subject,
        bool failsRun,
        int? line,
        int occurrences,
        IReadOnlyList<ProbeEvent> evidence)
    {
        var phaseName = phase.ToString().ToLowerInvariant();
        var fingerprint = SarifFingerprint.Of(rule, artifact.Uri, scenario.Name, variant, phaseName, subject);
        var run = variant is null ? string.Empty : $" ({variant})";
        var properties = new JsonObject
        {
            ["scenario"] = InertText.Escape(scenario.Name),
            ["severity"] = severity.ToString().ToLowerInvariant(),
            ["phase"] = phaseName,
            ["occurrences"] = occurrences,
        };
        Add(properties, "variant", variant);
        Add(properties, "subject", subject);
        Add(properties, "technique", technique);
        if (evidence.Count > 0)
        {
            properties["evidence"] = new JsonArray([.. evidence.Take(EvidenceShown).Select(e => (JsonNode)ConsoleReportWriter.Describe(e))]);
        }

        var result = new JsonObject
        {
            ["ruleId"] = rule,
            ["ruleIndex"] = rules.IndexOf(rule),
            ["level"] = SarifSeverity.LevelOf(severity, failsRun),
            ["message"] = new JsonObject { ["text"] = InertText.Escape($"{scenario.Name}{run}, {phaseName} phase: {message}") },
            ["locations"] = new JsonArray(Location(artifact, line)),

            // GitHub keys an alert on primaryLocationLineHash with the file and rule: ours is stable across runs
            // and edits of the scenario, where a hash of the line's text would move with every change to it.
            ["partialFingerprints"] = new JsonObject
            {
                [SarifFingerprint.Key] = fingerprint,
                ["primaryLocationLineHash"] = fingerprint,
            },
            ["properties"] = properties,
        };
        if (technique is not null)
        {
            result["taxa"] = new JsonArray(SarifRules.TaxonReference(technique));
        }

        return result;
    }

    private static void Add(JsonObject properties, string name, string? value)
    {
        if (value is not null)
        {
            properties[name] = InertText.Escape(value);
        }
    }
}
