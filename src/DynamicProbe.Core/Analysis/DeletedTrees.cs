using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// The folders a phase removed (a successful rmdir: the folder was empty by then, so its contents went first). A
/// deletion inside such a folder belongs to the tree of the topmost one: a recursive wipe is one behaviour, not one
/// per folder.
/// </summary>
public sealed class DeletedTrees
{
    private readonly HashSet<string> _folders;

    private DeletedTrees(HashSet<string> folders) => _folders = folders;

    public static DeletedTrees In(IEnumerable<ProbeEvent> events) =>
        new([.. events.OfType<FileEvent>().Where(f => f is { Operation: FileOperation.Rmdir, Succeeded: true }).Select(f => f.Path)]);

    /// <summary>The topmost removed folder that is <paramref name="path"/> or holds it; null when there is none.</summary>
    public string? RootOf(string path)
    {
        if (_folders.Count == 0)
        {
            return null;
        }

        for (var slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (_folders.Contains(path[..slash]))
            {
                return path[..slash];
            }
        }

        return _folders.Contains(path) ? path : null;
    }

    /// <summary>The folder that holds <paramref name="path"/> (<c>/</c> for a top-level name).</summary>
    public static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
