using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Reads one scenario file into the records, field by field, collecting every problem. It does not apply
/// <see cref="SupportedFeatures"/>, so what the format allows can be parsed and tested before the tool supports it.
/// </summary>
internal static class ScenarioFileReader
{
    private static readonly string[] TopFields =
        ["version", "name", "description", "target", "sandbox", "steps", "expect", "variants", "build", "allow_rules"];

    private const string SupportedVersion = "1";

    /// <param name="filePath">An absolute path; it becomes <see cref="Scenario.FilePath"/> and the file in every location.</param>
    /// <returns>
    /// The scenario when the file could be read as one (placeholders stand where a part was wrong, so check
    /// <paramref name="errors"/>), with where each written field sits; null when it could not be read at all.
    /// </returns>
    public static (Scenario Scenario, FieldLocations Locations)? Read(string filePath, ScenarioErrors errors)
    {
        var fileStart = new SourceLocation(filePath, 1, 1);
        string text;
        try
        {
            text = File.ReadAllText(filePath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add(fileStart, string.Empty, $"cannot read the file: {exception.Message}");
            return null;
        }

        var root = YamlDocumentReader.Read(text, filePath, errors);
        if (errors.Any)
        {
            return null;
        }

        if (root is null)
        {
            errors.Add(fileStart, string.Empty, "found an empty file; expected a scenario, starting with 'version: 1'");
            return null;
        }

        var locations = new FieldLocations(fileStart);
        var reader = new NodeReader(filePath, errors, locations);
        var scenario = Read(root, filePath, reader);
        return scenario is null ? null : (scenario, locations);
    }

    private static Scenario? Read(YamlNode root, string filePath, NodeReader reader)
    {
        if (!HasSupportedVersion(root, reader) || reader.Mapping(root, string.Empty, TopFields) is not { } fields)
        {
            return null;
        }

        var name = fields.Required("name", ScenarioNames.Expected) is { } nameNode
            ? reader.Matching(nameNode, fields.Path("name"), ScenarioNames.Pattern(), ScenarioNames.Expected)
            : null;
        var description = fields.String("description");
        var target = TargetReader.Read(fields["target"], Path.GetDirectoryName(filePath)!, reader);
        var sandbox = SandboxReader.Read(fields["sandbox"], reader);
        var steps = StepReader.ReadAll(fields["steps"], reader);
        if (steps is not null)
        {
            StepSequenceValidator.Validate(steps, reader.Errors);
        }

        var expect = ExpectationsReader.Read(fields["expect"], "expect", reader);
        var variants = VariantReader.ReadAll(fields["variants"], sandbox, reader);
        var build = BuildReader.Read(fields["build"], target, reader);
        var allowRules = AllowRulesReader.Read(fields["allow_rules"], "allow_rules", reader);

        return new Scenario(
            name ?? string.Empty,
            description,
            filePath,
            target ?? new TargetSpec(null, TargetSpec.DefaultConfiguration, [], null, null),
            sandbox,
            steps ?? [],
            expect ?? Expectations.Empty,
            build)
        {
            Variants = variants,
            AllowRules = allowRules,
        };
    }

    /// <summary>
    /// Checked before anything else: a missing version is reported and reading goes on (it is likely a v1 file that
    /// forgot the line); any other version stops reading, since its other fields may follow rules this reader does not
    /// know and reporting them would only mislead.
    /// </summary>
    private static bool HasSupportedVersion(YamlNode root, NodeReader reader)
    {
        const string path = "version";
        var expected = $"{SupportedVersion} (the scenario format version this DynamicProbe reads), written 'version: {SupportedVersion}'";
        var node = root is YamlMappingNode mapping
            ? mapping.Children.FirstOrDefault(field => field.Key is YamlScalarNode { Value: path }).Value
            : null;
        if (node is null || NodeReader.IsNull(node))
        {
            if (root is YamlMappingNode)
            {
                reader.Missing(path, expected);
            }

            return true;
        }

        var version = reader.Scalar(node, path, expected);
        if (version is null || version == SupportedVersion)
        {
            return version is not null;
        }

        reader.Error(node, path, $"found {NodeReader.Quote(version)}; expected {expected}");
        return false;
    }
}
