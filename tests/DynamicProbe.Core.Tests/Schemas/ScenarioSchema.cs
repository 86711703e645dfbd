using System.Text.Json;
using DynamicProbe.Core.Schemas;
using Json.Schema;

namespace DynamicProbe.Core.Tests.Schemas;

/// <summary>The published scenario schema, evaluated by JsonSchema.Net against scenarios read as an editor reads them.</summary>
internal static class ScenarioSchema
{
    public static JsonSchema Build() =>
        JsonSchema.FromText(SchemaFiles.Scenario, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    /// <summary>The schema's complaints about a YAML scenario, one line each (instance location: message); empty when valid.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, string yaml) => Errors(schema, YamlAsJson.Convert(yaml));

    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonElement instance)
    {
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var errors = (results.Details ?? [])
            .Where(detail => detail.Errors is not null)
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }
}
