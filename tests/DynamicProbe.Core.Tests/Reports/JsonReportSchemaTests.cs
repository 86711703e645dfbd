using System.Text.Json;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Tests.Shared.ReportValidation;

namespace DynamicProbe.Core.Tests.Reports;

public sealed class JsonReportSchemaTests
{
    [TestCaseSource(typeof(RichReports), nameof(RichReports.All))]
    public void EveryKindOfReportMatchesThePublishedSchema(ReportDocument document)
    {
        JsonReportSchema.AssertValid(Json(document), "the JSON report");
    }

    [Test]
    public void AFieldTheSchemaDoesNotDescribeFailsWhereverItIs()
    {
        var report = Json(RichReports.Document(Severity.Medium, RichReports.Everything()))
            .ReplaceFirst("\"type\": \"exec\",", "\"type\": \"exec\", \"undocumented\": 1,")
            .ReplaceFirst("\"kind\": \"start\",", "\"kind\": \"start\", \"undocumented\": 1,");

        var problems = JsonReportSchema.Problems(report);

        Assert.That(problems, Has.Some.StartsWith("/scenarios/0/findings/0/evidence/0/undocumented:").And.Some.StartsWith("/scenarios/0/steps/0/undocumented:"));
    }

    [Test]
    public void AnEventIsCheckedByItsType()
    {
        var report = Json(RichReports.Document(Severity.Medium, RichReports.Everything()))
            .ReplaceFirst("\"type\": \"exec\"", "\"type\": \"file\"")
            .ReplaceFirst("\"type\": \"fork\"", "\"type\": \"telepathy\"");

        var problems = JsonReportSchema.Problems(report);

        Assert.That(problems, Has.Some.StartsWith("/scenarios/0/findings/0/evidence/0: required").And.Some.StartsWith("/scenarios/0/findings/0/evidence/1/type: enum"));
    }

    [Test]
    public void EverySchemaPropertyIsDescribed()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(JsonReportSchema.File));
        var undescribed = new List<string>();
        Walk(schema.RootElement, "#", undescribed);

        Assert.That(undescribed, Is.Empty, "the schema is user documentation: every field says what it is");
    }

    private static void Walk(JsonElement element, string path, List<string> undescribed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (element.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                // A type discriminator's "const" restates its definition's description; a $ref carries its target's.
                var described = property.Value.TryGetProperty("description", out _) || property.Value.TryGetProperty("$ref", out _)
                    || property.Value.TryGetProperty("const", out _);
                if (!described)
                {
                    undescribed.Add($"{path}/properties/{property.Name}");
                }
            }
        }

        foreach (var child in element.EnumerateObject())
        {
            if (child.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in child.Value.EnumerateArray())
                {
                    Walk(item, $"{path}/{child.Name}/{index++}", undescribed);
                }
            }
            else
            {
                Walk(child.Value, $"{path}/{child.Name}", undescribed);
            }
        }
    }

    private static string Json(ReportDocument document) => JsonSerializer.Serialize(document, JsonReportWriter.Options);

}

/// <summary>Edits of report text: its strings hold lone surrogates, which JsonNode cannot read back.</summary>
internal static class ReportText
{
    public static string ReplaceFirst(this string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.That(at, Is.Not.Negative, $"the report holds {old}");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}
