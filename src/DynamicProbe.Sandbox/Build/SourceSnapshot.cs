using System.Security.Cryptography;
using System.Text;

namespace DynamicProbe.Sandbox.Build;

/// <summary>
/// The files of a project's source tree that a build reads: everything but build output (<c>bin</c>, <c>obj</c>)
/// and version-control data. Hashing them decides whether an earlier build can be reused; copying them gives the
/// build sandbox its own writable tree, so the build never writes into the user's folder.
/// </summary>
public sealed class SourceSnapshot
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", ".git", ".vs", "node_modules" };

    private SourceSnapshot(string root, IReadOnlyList<string> files)
    {
        Root = root;
        Files = files;
    }

    public string Root { get; }

    /// <summary>Paths relative to <see cref="Root"/>, sorted ordinally so the hash is stable.</summary>
    public IReadOnlyList<string> Files { get; }

    public static SourceSnapshot Of(string root)
    {
        var files = new List<string>();
        Walk(new DirectoryInfo(root), string.Empty, files);
        files.Sort(StringComparer.Ordinal);
        return new SourceSnapshot(root, files);
    }

    /// <summary>A hash of every file's name and content plus <paramref name="context"/> (configuration, SDK, image).</summary>
    public async Task<string> HashAsync(IEnumerable<string> context, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var item in context)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(item + "\0"));
        }

        var buffer = new byte[81920];
        foreach (var file in Files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            await using var stream = File.OpenRead(Path.Combine(Root, file));
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Copies the tree to <paramref name="destination"/>, owned by <paramref name="uid"/> so the sandbox user can build in it.</summary>
    public void CopyTo(string destination, int uid, int gid)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Files)
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Root, file), target);
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(destination, "*", SearchOption.AllDirectories).Prepend(destination))
        {
            Ownership.Change(entry, uid, gid);
        }
    }

    private static void Walk(DirectoryInfo folder, string relative, List<string> files)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            // Links are not followed: a source tree could point a link at a host secret.
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
            if (entry is DirectoryInfo child)
            {
                if (!SkippedFolders.Contains(child.Name))
                {
                    Walk(child, path, files);
                }
            }
            else if (entry is FileInfo)
            {
                files.Add(path);
            }
        }
    }
}
