using DynamicProbe.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Reads <c>allow_rules</c>: ids of rules.yaml whose findings the scenario expects, each silenced (and reported as
/// such) wherever it is written. An unknown id is refused with the closest known one: a misspelt id would silence
/// nothing and the user would not know.
/// </summary>
internal static class AllowRulesReader
{
    private const string Expected = "a list of rule ids of rules.yaml, like [shell-spawned, credential-read]";

    /// <param name="fieldPath"><c>allow_rules</c> (every phase) or <c>build.allow_rules</c> (the build only).</param>
    public static IReadOnlyList<RuleAllowance> Read(YamlNode? node, string fieldPath, NodeReader reader)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            reader.Error(node, fieldPath, $"found {NodeReader.Describe(node)}; expected {Expected}");
            return [];
        }

        var known = RuleBook.BuiltIn().Ids;
        var allowances = new List<RuleAllowance>();
        for (var index = 0; index < sequence.Children.Count; index++)
        {
            var item = sequence.Children[index];
            var itemPath = FieldPaths.Item(fieldPath, index);
            if (reader.Scalar(item, itemPath, "a rule id of rules.yaml") is not { } id)
            {
                continue;
            }

            if (!known.Contains(id, StringComparer.Ordinal))
            {
                reader.Error(item, itemPath, $"found {NodeReader.Quote(id)}, which is no rule; {FieldNameSuggestion.For(id, known)}");
                continue;
            }

            allowances.Add(new RuleAllowance(id, reader.At(item)));
        }

        return allowances;
    }
}
