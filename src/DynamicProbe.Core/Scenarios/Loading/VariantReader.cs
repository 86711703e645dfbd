using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>Reads <c>variants</c>: a list of mappings, each a unique <c>name</c> plus sandbox fields to override.</summary>
internal static class VariantReader
{
    private const string FieldPath = "variants";
    private static readonly string[] Fields = ["name", .. SandboxReader.Fields];

    public static IReadOnlyList<Variant> ReadAll(YamlNode? node, SandboxSpec scenarioSandbox, NodeReader reader)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, FieldPath, $"found {NodeReader.Describe(node)}; expected a list of variants, like '- name: next-year'");
            return [];
        }

        var variants = new List<Variant>();
        var firstByName = new Dictionary<string, Variant>(StringComparer.Ordinal);
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index];
            var itemPath = FieldPaths.Item(FieldPath, index);
            if (reader.Mapping(item, itemPath, Fields) is not { } fields)
            {
                continue;
            }

            var name = fields.Required("name", "a variant name, like next-year") is { } nameNode
                ? reader.Matching(nameNode, fields.Path("name"), ScenarioNames.Pattern(), ScenarioNames.Expected)
                : null;
            var variant = new Variant(
                name ?? string.Empty,
                SandboxReader.ReadOver(fields, scenarioSandbox),
                [.. fields.WrittenFields.Where(field => field != "name")],
                reader.At(item));
            if (name is null)
            {
                continue;
            }

            if (firstByName.TryGetValue(name, out var first))
            {
                reader.Error(fields["name"]!, fields.Path("name"), $"found {NodeReader.Quote(name)}, already the name of the variant at line {first.Location.Line}; expected a name unique within the scenario");
                continue;
            }

            firstByName.Add(name, variant);
            variants.Add(variant);
        }

        return variants;
    }
}
