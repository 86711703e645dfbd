using System.Security.Cryptography;
using System.Text;

namespace DynamicProbe.Sandbox.Images;

/// <summary>
/// The fingerprint of everything an image is made from: every file of its recipe folder, every host input, and the
/// image ids of the images it builds on. Equal fingerprints mean a rebuild would make the same image.
/// </summary>
public static class RecipeHasher
{
    // Bump when the builder changes how it turns a recipe into an image, so that old images are rebuilt.
    private const string Format = "dynamicprobe-recipe-v1";

    /// <param name="dependencyImageIds">The current image id of each tag in <see cref="ImageRecipe.DependsOn"/>.</param>
    /// <returns>The SHA-256 as lower-case hex.</returns>
    public static async Task<string> HashAsync(
        ImageRecipe recipe,
        IReadOnlyDictionary<string, string> dependencyImageIds,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Format);
        Append(hash, $"tag {recipe.Tag} kind {recipe.Kind}");
        foreach (var dependency in recipe.DependsOn)
        {
            Append(hash, $"depends {dependency} {dependencyImageIds[dependency]}");
        }

        await AppendTreeAsync(hash, recipe.Folder, "recipe", cancellationToken);
        foreach (var input in recipe.Inputs)
        {
            await AppendTreeAsync(hash, input.HostPath, $"input/{input.ContextPath}", cancellationToken);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The SHA-256 of one file's content, as lower-case hex.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static async Task AppendTreeAsync(IncrementalHash hash, string root, string label, CancellationToken cancellationToken)
    {
        foreach (var entry in FileTree.Walk(root))
        {
            var name = $"{label}/{entry.RelativePath}";
            switch (entry.Kind)
            {
                case FileTreeEntryKind.Directory:
                    Append(hash, $"dir {name}");
                    break;
                case FileTreeEntryKind.SymbolicLink:
                    Append(hash, $"link {name} -> {entry.LinkTarget}");
                    break;
                default:
                    var executable = (File.GetUnixFileMode(entry.FullPath) & UnixFileMode.UserExecute) != 0 ? "x" : "-";
                    Append(hash, $"file {name} {executable} {await HashFileAsync(entry.FullPath, cancellationToken)}");
                    break;
            }
        }
    }

    private static void Append(IncrementalHash hash, string line) => hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
}
