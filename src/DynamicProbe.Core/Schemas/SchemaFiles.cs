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

    /// <summary>The scenario format's schema (JSON Schema draft-07, the draft YAML language servers support).</summary>
    public static string Scenario => Read(ScenarioFileName);

    /// <summary>The JSON report's schema (JSON Schema 2020-12): what <c>--json</c> writes.</summary>
    public static string Report => Read(ReportFileName);

    private static string Read(string fileName)
    {
        // Both files are embedded by the project's glob: a missing one is a broken build, not a user's mistake.
        using var stream = typeof(SchemaFiles).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourcePrefix}{fileName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
