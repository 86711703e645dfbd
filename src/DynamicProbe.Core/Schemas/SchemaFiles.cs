namespace DynamicProbe.Core.Schemas;

/// <summary>
/// The JSON Schemas DynamicProbe publishes (the files of <c>src/DynamicProbe.Core/Schemas/</c>, embedded in this
/// assembly): the scenario format's, for editors and <c>dynamicprobe schema</c>, and the JSON report's.
/// </summary>
public static class SchemaFiles
{
    public const string ScenarioFileName = "scenario.schema.json";
    public const string ReportFileName = "report.schema.json";

    private const string ResourcePrefix = "DynamicProbe.Core.Schemas.";

    /// <summary>The file names of every embedded schema, sorted.</summary>
    public static IReadOnlyList<string> FileNames =>
        [.. typeof(SchemaFiles).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => name[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)];

    /// <summary>The scenario format's schema (JSON Schema draft-07, the draft YAML language servers support).</summary>
    public static string Scenario =>
        Read(ScenarioFileName) ?? throw new InvalidOperationException($"Embedded resource {ResourcePrefix}{ScenarioFileName} is missing.");

    /// <summary>The text of the schema file <paramref name="fileName"/>; null when no such schema is embedded.</summary>
    public static string? Read(string fileName)
    {
        using var stream = typeof(SchemaFiles).Assembly.GetManifestResourceStream(ResourcePrefix + fileName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
