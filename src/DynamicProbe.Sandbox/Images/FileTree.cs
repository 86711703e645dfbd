namespace DynamicProbe.Sandbox.Images;

/// <summary>
/// Walks a file or folder in a stable order (ordinal by name, parents before children), never following symbolic
/// links, so that hashing and tar-ing the same tree always see the same sequence.
/// </summary>
public static class FileTree
{
    public static IEnumerable<FileTreeEntry> Walk(string root)
    {
        var info = new FileInfo(root);
        if (info.LinkTarget is not null)
        {
            return [new FileTreeEntry(root, string.Empty, FileTreeEntryKind.SymbolicLink, info.LinkTarget)];
        }

        return Directory.Exists(root) ? WalkFolder(root, string.Empty) : [new FileTreeEntry(root, string.Empty, FileTreeEntryKind.File, null)];
    }

    private static IEnumerable<FileTreeEntry> WalkFolder(string folder, string relative)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var name = relative.Length == 0 ? Path.GetFileName(path) : $"{relative}/{Path.GetFileName(path)}";
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                yield return new FileTreeEntry(path, name, FileTreeEntryKind.SymbolicLink, info.LinkTarget);
            }
            else if (Directory.Exists(path))
            {
                yield return new FileTreeEntry(path, name, FileTreeEntryKind.Directory, null);
                foreach (var child in WalkFolder(path, name))
                {
                    yield return child;
                }
            }
            else
            {
                yield return new FileTreeEntry(path, name, FileTreeEntryKind.File, null);
            }
        }
    }
}
