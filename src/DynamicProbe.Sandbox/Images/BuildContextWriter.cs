using System.Formats.Tar;

namespace DynamicProbe.Sandbox.Images;

/// <summary>
/// Writes a recipe's Docker build context as a tar stream: the recipe folder's files at the root, then each host
/// input at its context path. Nothing else of the host enters the context.
/// </summary>
public static class BuildContextWriter
{
    public static async Task WriteAsync(ImageRecipe recipe, Stream destination, CancellationToken cancellationToken)
    {
        var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer)
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            await WriteTreeAsync(writer, recipe.Folder, string.Empty, written, cancellationToken);
            foreach (var input in recipe.Inputs)
            {
                await WriteParentsAsync(writer, input.ContextPath, written, cancellationToken);
                await WriteTreeAsync(writer, input.HostPath, input.ContextPath, written, cancellationToken);
            }
        }
    }

    private static async Task WriteTreeAsync(
        TarWriter writer,
        string root,
        string prefix,
        HashSet<string> written,
        CancellationToken cancellationToken)
    {
        // A folder input's own entry carries its mode; the walk yields only what is inside it.
        if (prefix.Length > 0 && Directory.Exists(root) && new DirectoryInfo(root).LinkTarget is null && written.Add(prefix + "/"))
        {
            await writer.WriteEntryAsync(root, prefix + "/", cancellationToken);
        }

        foreach (var entry in FileTree.Walk(root))
        {
            var name = (prefix, entry.RelativePath) switch
            {
                ("", var relative) => relative,
                (var p, "") => p,
                (var p, var relative) => $"{p}/{relative}",
            };
            if (name.Length == 0)
            {
                continue;
            }

            var entryName = entry.Kind == FileTreeEntryKind.Directory ? name + "/" : name;
            if (written.Add(entryName))
            {
                await writer.WriteEntryAsync(entry.FullPath, entryName, cancellationToken);
            }
        }
    }

    // Docker would create missing parents itself, but with its own idea of their mode; naming them keeps 0755.
    private static async Task WriteParentsAsync(TarWriter writer, string contextPath, HashSet<string> written, CancellationToken cancellationToken)
    {
        var segments = contextPath.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var folder = string.Join('/', segments[..i]) + "/";
            if (written.Add(folder))
            {
                var entry = new PaxTarEntry(TarEntryType.Directory, folder)
                {
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                };
                await writer.WriteEntryAsync(entry, cancellationToken);
            }
        }
    }
}
