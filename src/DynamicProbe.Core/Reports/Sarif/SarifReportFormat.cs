using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports.Sarif;

/// <summary>
/// The report as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: one run of the tool DynamicProbe, its
/// rules (<see cref="SarifRules"/>), one result per finding (<see cref="SarifResults"/>, silenced ones suppressed) and
/// one invocation whose notifications say which scenarios could not be fully observed (<see cref="SarifNotifications"/>).
/// Scenario files are located relative to <paramref name="sourceRoot"/> (<see cref="SarifArtifact"/>).
/// </summary>
/// <param name="sourceRoot">The folder result URIs are relative to; the current directory when null.</param>
public sealed class SarifReportFormat(RuleBook rules, string? sourceRoot = null) : IReportFormat
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public SarifReportFormat()
        : this(RuleBook.BuiltIn())
    {
    }

    public string Name => "SARIF";

    public async Task WriteAsync(ReportDocument document, Stream destination, CancellationToken cancellationToken)
    {
        await using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        Render(document).WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    public JsonObject Render(ReportDocument document)
    {
        var root = sourceRoot ?? Environment.CurrentDirectory;
        var sarifRules = new SarifRules(rules, document.Scenarios.SelectMany(s => s.Findings.Select(f => f.Rule).Concat(s.Silenced.Select(f => f.Rule))));
        var results = new JsonArray();
        var notifications = new JsonArray();
        foreach (var scenario in document.Scenarios)
        {
            var artifact = SarifArtifact.Of(scenario.File, root);
            foreach (var result in SarifResults.Of(scenario, artifact, sarifRules))
            {
                results.Add(result);
            }

            foreach (var notification in SarifNotifications.Of(scenario, artifact))
            {
                notifications.Add(notification);
            }
        }

        var version = document.ToolVersion;
        return new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "DynamicProbe",
                        ["version"] = version,
                        ["semanticVersion"] = version,
                        ["rules"] = sarifRules.Descriptors(),
                        ["supportedTaxonomies"] = new JsonArray(new JsonObject { ["name"] = SarifRules.TaxonomyName, ["index"] = 0 }),
                    },
                },
                ["taxonomies"] = new JsonArray(sarifRules.Taxonomy()),
                ["invocations"] = new JsonArray(new JsonObject
                {
                    // Successful only when every scenario was observed in full: an inconclusive one is no clean bill.
                    ["executionSuccessful"] = document.Scenarios.All(s => s.Verdict is Verdict.Clean or Verdict.Findings),
                    ["exitCode"] = document.ExitCode,
                    ["startTimeUtc"] = Utc(document.StartedAt),
                    ["endTimeUtc"] = Utc(document.FinishedAt),
                    ["toolExecutionNotifications"] = notifications,

                    // GitHub takes it as the checkout path when a scenario outside the source root has an absolute URI.
                    ["workingDirectory"] = new JsonObject { ["uri"] = SarifArtifact.FolderUri(root) },
                }),
                ["originalUriBaseIds"] = new JsonObject
                {
                    [SarifArtifact.SourceRoot] = new JsonObject { ["uri"] = SarifArtifact.FolderUri(root) },
                },
                ["results"] = results,
                ["properties"] = new JsonObject { ["failOn"] = document.FailOn.ToString().ToLowerInvariant() },
            }),
        };
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
