using System.Text.Json;
using Json.Schema;

namespace DynamicProbe.Tests.Shared.ReportValidation;

/// <summary>
/// The JSON report's schema as the repository publishes it (src/DynamicProbe.Core/Schemas/report.schema.json),
/// evaluated with JsonSchema.Net. The schema closes every object, so a field it does not describe fails.
/// </summary>
internal static class JsonReportSchema
{
    public static string File { get; } = Path.Combine(RepositoryRoot.Path, "src", "DynamicProbe.Core", "Schemas", "report.schema.json");

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(File));

    /// <summary>Fails the test with every violation when the report does not match the schema.</summary>
    public static void AssertValid(string json, string source)
    {
        var problems = Problems(json);
        Assert.That(problems, Is.Empty, $"{source} does not match {File}:\n{string.Join('\n', problems)}");
    }

    /// <summary>Each violation as <c>/json/pointer: what is wrong</c>.</summary>
    public static IReadOnlyList<string> Problems(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return [.. (results.Details ?? [])
            // A failed "if" only picks which event type applies: not a violation.
            .Where(d => d.Errors is { Count: > 0 } && !d.EvaluationPath.ToString().Contains("/if", StringComparison.Ordinal))
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value} (schema {d.EvaluationPath})"))
            .Distinct()];
    }
}
