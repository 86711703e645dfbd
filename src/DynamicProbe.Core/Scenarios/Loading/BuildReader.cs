using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>Reads <c>build</c>: whether the build is sandboxed (default true), its own expectations and <c>allow_rules</c>.</summary>
internal static class BuildReader
{
    private const string FieldPath = "build";
    private static readonly string[] Fields = ["sandboxed", "expect", "allow_rules"];

    public static BuildSpec Read(YamlNode? node, TargetSpec? target, NodeReader reader)
    {
        var none = new BuildSpec(Sandboxed: true, Expectations.Empty);
        if (node is null || reader.Mapping(node, FieldPath, Fields) is not { } fields)
        {
            return none;
        }

        // Only a project has a build phase; build settings on a command would be silently meaningless.
        if (target is { IsProject: false })
        {
            reader.Errors.Add(
                reader.Locations.Nearest(FieldPath),
                FieldPath,
                "applies only to a target.project (a command is not built); remove the 'build' section");
        }

        var sandboxed = fields.Boolean("sandboxed") ?? true;
        var expect = ExpectationsReader.Read(fields["expect"], fields.Path("expect"), reader) ?? Expectations.Empty;
        return new BuildSpec(sandboxed, expect) { AllowRules = AllowRulesReader.Read(fields["allow_rules"], fields.Path("allow_rules"), reader) };
    }
}
