using System.Text.RegularExpressions;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Sandbox.Images;

/// <summary>
/// Reads the recipes of <c>sandbox-images/</c>: every sub-folder holding an <c>image.yaml</c>. Placeholders such as
/// <c>{dotnet-root}</c> in an input's <c>from</c> are replaced by the values given.
/// </summary>
public static partial class RecipeLoader
{
    private static readonly string[] KnownKeys = ["tag", "kind", "depends-on", "script", "inputs"];

    /// <exception cref="UserErrorException">A recipe is malformed; the message names the file, line and fix.</exception>
    public static IReadOnlyList<ImageRecipe> LoadAll(string recipesFolder, IReadOnlyDictionary<string, string> placeholders)
    {
        if (!Directory.Exists(recipesFolder))
        {
            throw new UserErrorException($"The image recipes folder {recipesFolder} does not exist: pass --recipes with the repository's sandbox-images folder.");
        }

        var recipes = Directory.EnumerateDirectories(recipesFolder)
            .Where(folder => File.Exists(Path.Combine(folder, ImageRecipe.ManifestFileName)))
            .Order(StringComparer.Ordinal)
            .Select(folder => Load(folder, placeholders))
            .ToList();
        if (recipes.Count == 0)
        {
            throw new UserErrorException($"{recipesFolder} holds no recipe (a folder with an {ImageRecipe.ManifestFileName}).");
        }

        var duplicate = recipes.GroupBy(r => r.Tag, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new UserErrorException($"{string.Join(" and ", duplicate.Select(r => r.Folder))} both build {duplicate.Key}: give each recipe its own tag.");
        }

        return recipes;
    }

    /// <exception cref="UserErrorException">The recipe is malformed.</exception>
    public static ImageRecipe Load(string folder, IReadOnlyDictionary<string, string> placeholders)
    {
        var manifestPath = Path.Combine(folder, ImageRecipe.ManifestFileName);
        var root = ReadMapping(manifestPath);

        foreach (var key in root.Children.Keys)
        {
            if (!KnownKeys.Contains(Scalar(manifestPath, key)))
            {
                throw Error(manifestPath, key, $"unknown key '{key}'; expected one of: {string.Join(", ", KnownKeys)}");
            }
        }

        var tag = RequiredScalar(manifestPath, root, "tag");
        if (!TagPattern().IsMatch(tag))
        {
            throw Error(manifestPath, ValueNode(root, "tag"), $"tag '{tag}' is not an image name like dynamicprobe/base (lower case, no version)");
        }

        var kind = RequiredScalar(manifestPath, root, "kind") switch
        {
            "rootfs" => RecipeKind.Rootfs,
            "dockerfile" => RecipeKind.Dockerfile,
            var other => throw Error(manifestPath, ValueNode(root, "kind"), $"kind '{other}' is unknown; expected rootfs or dockerfile"),
        };

        var dependsOn = StringList(manifestPath, root, "depends-on");
        var script = OptionalScalar(manifestPath, root, "script");
        if (kind == RecipeKind.Rootfs && script is null)
        {
            throw Error(manifestPath, ValueNode(root, "kind"), "a rootfs recipe needs 'script:', the host script that writes its root file system tarball");
        }

        if (script is not null && !File.Exists(Path.Combine(folder, script)))
        {
            throw Error(manifestPath, ValueNode(root, "script"), $"script {script} does not exist in {folder}");
        }

        if (!File.Exists(Path.Combine(folder, ImageRecipe.DockerfileName)))
        {
            throw new UserErrorException($"{manifestPath}: the recipe has no {ImageRecipe.DockerfileName} beside it.");
        }

        var allowancesPath = Path.Combine(folder, ImageRecipe.AllowancesFileName);
        if (!File.Exists(allowancesPath))
        {
            throw new UserErrorException(
                $"{manifestPath}: the recipe has no {ImageRecipe.AllowancesFileName}: every image declares the default allowances of its runtime (an empty file allows nothing).");
        }

        var allowances = File.ReadAllText(allowancesPath);
        ExpectationsParser.Parse(allowances, allowancesPath);

        return new ImageRecipe(
            tag,
            kind,
            Path.GetFullPath(folder),
            dependsOn,
            script,
            Inputs(manifestPath, root, placeholders),
            allowances);
    }

    private static YamlMappingNode ReadMapping(string path)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new UserErrorException($"{path}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UserErrorException($"{path}:1:1: expected one mapping with tag:, kind: and the other recipe keys.");
        }

        return root;
    }

    private static IReadOnlyList<HostInput> Inputs(string path, YamlMappingNode root, IReadOnlyDictionary<string, string> placeholders)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode("inputs"), out var node))
        {
            return [];
        }

        if (node is not YamlSequenceNode items)
        {
            throw Error(path, node, "inputs must be a list of { from: HOST-PATH, to: CONTEXT-PATH }");
        }

        var inputs = new List<HostInput>();
        foreach (var item in items)
        {
            if (item is not YamlMappingNode entry || entry.Children.Count != 2)
            {
                throw Error(path, item, "each input is { from: HOST-PATH, to: CONTEXT-PATH }");
            }

            var from = Expand(path, ValueNode(entry, "from"), RequiredScalar(path, entry, "from"), placeholders);
            var to = RequiredScalar(path, entry, "to");
            if (!Path.IsPathRooted(from))
            {
                throw Error(path, entry, $"from: {from} must be an absolute host path");
            }

            if (Path.IsPathRooted(to) || to.Split('/').Contains("..") || to.Length == 0)
            {
                throw Error(path, entry, $"to: {to} must be a path inside the build context (relative, without '..')");
            }

            if (!File.Exists(from) && !Directory.Exists(from))
            {
                throw Error(path, entry, $"input {from} does not exist on this host");
            }

            inputs.Add(new HostInput(from, to.TrimEnd('/')));
        }

        return inputs;
    }

    private static string Expand(string path, YamlNode node, string value, IReadOnlyDictionary<string, string> placeholders) =>
        PlaceholderPattern().Replace(value, match => placeholders.TryGetValue(match.Groups[1].Value, out var replacement)
            ? replacement
            : throw Error(path, node, $"unknown placeholder {match.Value}; known: {string.Join(", ", placeholders.Keys.Select(k => $"{{{k}}}"))}"));

    private static string RequiredScalar(string path, YamlMappingNode map, string key) =>
        OptionalScalar(path, map, key) ?? throw Error(path, map, $"'{key}:' is required");

    private static string? OptionalScalar(string path, YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? Scalar(path, node) : null;

    private static string Scalar(string path, YamlNode node) =>
        node is YamlScalarNode { Value: { Length: > 0 } value } ? value : throw Error(path, node, "expected a non-empty text value");

    private static IReadOnlyList<string> StringList(string path, YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }

        return node is YamlSequenceNode items
            ? [.. items.Select(item => Scalar(path, item))]
            : throw Error(path, node, $"'{key}:' must be a list");
    }

    /// <summary>The node holding <paramref name="key"/>'s value, for error locations; the map itself when absent.</summary>
    private static YamlNode ValueNode(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : map;

    private static UserErrorException Error(string path, YamlNode node, string problem) =>
        new($"{path}:{node.Start.Line}:{node.Start.Column}: {problem}.");

    [GeneratedRegex(@"^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\{([a-z-]+)\}")]
    private static partial Regex PlaceholderPattern();
}
