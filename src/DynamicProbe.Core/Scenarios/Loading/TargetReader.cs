using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Reads <c>target</c>: exactly one of <c>project</c> or <c>command</c>, with paths resolved against the scenario's
/// folder and checked to exist.
/// </summary>
/// <remarks>
/// <c>args</c> with a <c>command</c> are allowed and appended to it at load time, so the resulting
/// <see cref="TargetSpec.Command"/> is the whole argv and <see cref="TargetSpec.Args"/> is empty: nobody downstream
/// has to remember to join them.
/// </remarks>
internal static partial class TargetReader
{
    private const string FieldPath = "target";
    private static readonly string[] Fields = ["project", "configuration", "args", "command", "workdir"];
    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".sln"];

    private const string ExpectedTarget =
        "a mapping with either 'project' (a .csproj, .fsproj or .sln to build) or 'command' (a program to run)";

    /// <returns>The target, or null when something was wrong (reported).</returns>
    public static TargetSpec? Read(YamlNode? node, string scenarioFolder, NodeReader reader)
    {
        if (node is null)
        {
            reader.Missing(FieldPath, ExpectedTarget);
            return null;
        }

        var fields = reader.Mapping(node, FieldPath, Fields);
        if (fields is null)
        {
            return null;
        }

        var project = fields["project"];
        var command = fields["command"];
        if (project is not null && command is not null)
        {
            var first = fields.KeyNode("project").Start;
            reader.Error(
                fields.KeyNode("command"),
                FieldPath,
                $"found both 'project' (line {first.Line}) and 'command'; expected exactly one of them");
        }
        else if (project is null && command is null)
        {
            reader.Error(node, FieldPath, $"found neither 'project' nor 'command'; expected {ExpectedTarget}");
        }

        var projectPath = project is null ? null : ProjectPath(project, scenarioFolder, reader);
        var commandArgv = command is null ? null : Command(command, reader);
        var configuration = Configuration(fields, isCommand: project is null && command is not null, reader);
        var args = fields["args"] is { } argsNode
            ? reader.StringList(argsNode, fields.Path("args"), "a list of strings, like [\"--urls\", \"http://127.0.0.1:8080\"]")
            : [];
        var workdir = fields["workdir"] is { } workdirNode ? Workdir(workdirNode, scenarioFolder, reader) : null;

        if (reader.Errors.AnyAt(FieldPath) || args is null)
        {
            return null;
        }

        return commandArgv is not null
            ? new TargetSpec(null, configuration!, [], [.. commandArgv, .. args], workdir)
            : new TargetSpec(projectPath, configuration!, args, null, workdir);
    }

    private static string? ProjectPath(YamlNode node, string scenarioFolder, NodeReader reader)
    {
        var path = FieldPaths.Field(FieldPath, "project");
        var expected = "a path to a .csproj, .fsproj or .sln file, relative to the scenario's folder";
        var text = reader.NonEmptyString(node, path, expected);
        if (text is null)
        {
            return null;
        }

        if (!ProjectExtensions.Any(extension => text.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
        {
            reader.Error(node, path, $"found {NodeReader.Quote(text)}; expected {expected}");
            return null;
        }

        var resolved = Path.GetFullPath(Path.Combine(scenarioFolder, text));
        if (!File.Exists(resolved))
        {
            reader.Error(node, path, $"found {NodeReader.Quote(text)}, but {resolved} does not exist; expected {expected}");
            return null;
        }

        return resolved;
    }

    private static IReadOnlyList<string>? Command(YamlNode node, NodeReader reader)
    {
        var path = FieldPaths.Field(FieldPath, "command");
        const string expected = "a non-empty list: the program and its arguments, like [\"python3\", \"app.py\"]";
        var argv = reader.StringList(node, path, expected);
        if (argv is null)
        {
            return null;
        }

        if (argv.Count == 0 || argv[0].Length == 0)
        {
            reader.Error(node, path, $"found {(argv.Count == 0 ? "an empty list" : "an empty program name")}; expected {expected}");
            return null;
        }

        return argv;
    }

    private static string? Configuration(MappingReader fields, bool isCommand, NodeReader reader)
    {
        if (fields["configuration"] is not { } node)
        {
            return TargetSpec.DefaultConfiguration;
        }

        var path = fields.Path("configuration");
        if (isCommand)
        {
            reader.Error(node, path, "applies only to a target.project (a command is not built); remove it");
            return null;
        }

        return reader.Matching(node, path, ConfigurationPattern(), "a build configuration name, like Release or Debug");
    }

    private static string? Workdir(YamlNode node, string scenarioFolder, NodeReader reader)
    {
        var path = FieldPaths.Field(FieldPath, "workdir");
        const string expected = "a folder, relative to the scenario's folder";
        var text = reader.NonEmptyString(node, path, expected);
        if (text is null)
        {
            return null;
        }

        var resolved = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(scenarioFolder, text)));
        if (!Directory.Exists(resolved))
        {
            var found = File.Exists(resolved) ? "is a file" : "does not exist";
            reader.Error(node, path, $"found {NodeReader.Quote(text)}, but {resolved} {found}; expected {expected}");
            return null;
        }

        return resolved;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigurationPattern();
}
