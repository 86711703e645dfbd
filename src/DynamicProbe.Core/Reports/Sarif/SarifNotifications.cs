using System.Text.Json.Nodes;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports.Sarif;

/// <summary>
/// What kept a scenario from a clean observation, as the run's <c>toolExecutionNotifications</c>: each problem of an
/// error scenario as an error, of an inconclusive one as a warning (of any other as a note), at the scenario file.
/// </summary>
public static class SarifNotifications
{
    public static IEnumerable<JsonNode> Of(ScenarioDocument scenario, SarifArtifact artifact)
    {
        var level = scenario.Verdict switch
        {
            Verdict.Error => "error",
            Verdict.Inconclusive => "warning",
            _ => "note",
        };
        var verdict = scenario.Verdict.ToString().ToLowerInvariant();
        IEnumerable<string> problems = scenario.Problems.Count > 0 || scenario.Verdict is not (Verdict.Error or Verdict.Inconclusive)
            ? scenario.Problems
            : ["no reason was recorded"];
        return problems.Select(problem => (JsonNode)new JsonObject
        {
            ["level"] = level,
            ["message"] = new JsonObject { ["text"] = InertText.Escape($"{scenario.Name}: {verdict}: {problem}") },
            ["locations"] = new JsonArray(SarifResults.Location(artifact, line: null)),
            ["properties"] = new JsonObject { ["scenario"] = InertText.Escape(scenario.Name), ["verdict"] = verdict },
        });
    }
}
