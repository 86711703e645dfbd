using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Tells a target's own YAML data (a config file the program reads, found beside it in a folder walk) from a scenario:
/// every runnable scenario names <c>target</c> and <c>steps</c>, and one that forgot <c>version</c> still names them.
/// </summary>
/// <remarks>
/// Only a file that reads as YAML is ever judged data: one that cannot be read or parsed, or is empty, is taken as a
/// scenario so its error is shown rather than the file left out.
/// </remarks>
internal static class DataFileRule
{
    private static readonly string[] ScenarioFields = ["version", "target", "steps"];

    /// <summary>The fields of which a scenario names at least one, for messages.</summary>
    public static string FieldList => string.Join(", ", ScenarioFields);

    /// <returns>Why the file is not a scenario; null when it is (or may be) one.</returns>
    public static string? WhyNotAScenario(string filePath)
    {
        YamlNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(filePath)));
            if (stream.Documents.Count == 0)
            {
                return null;
            }

            root = stream.Documents[0].RootNode;
        }
        catch (Exception exception) when (exception is YamlException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // InvalidOperationException: YamlDotNet's scanner giving up inside an open flow collection or quote.
            return null;
        }

        if (root is not YamlMappingNode mapping)
        {
            return $"not a scenario (its top level is not a mapping naming any of {FieldList})";
        }

        var named = mapping.Children.Keys.Any(key => key is YamlScalarNode { Value: { } name } && ScenarioFields.Contains(name, StringComparer.Ordinal));
        return named ? null : $"not a scenario (its top level names none of {FieldList})";
    }
}
