using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// The symbolic links made so far in a phase, so a path through one is also judged as the file it reaches
/// (<c>/tmp/k</c>, a link to <c>/home/probe/.ssh/authorized_keys</c>, is written as that file). The monitor reports
/// paths as the program named them (made absolute, <c>..</c> collapsed) and cannot follow links, but it sees every
/// link a sandboxed process makes; links that were there before the phase are the image's and are not followed.
/// </summary>
public sealed class SymlinkAliases
{
    /// <summary>Links through links: more hops than this is a loop (the kernel's own limit is 40).</summary>
    private const int MaxHops = 40;

    private readonly Dictionary<string, string> _targets = new(StringComparer.Ordinal);

    /// <summary>Learns the links an event makes or removes; call it after judging the event itself.</summary>
    public void Observe(ProbeEvent probeEvent)
    {
        if (probeEvent is not FileEvent { Succeeded: true, PathTruncated: false } file)
        {
            return;
        }

        switch (file.Operation)
        {
            case FileOperation.Symlink when file.SecondPath is { Length: > 0 } target:
                _targets[file.Path] = Normalise(target.StartsWith('/') ? target : ParentOf(file.Path) + "/" + target);
                break;
            case FileOperation.Unlink:
                _targets.Remove(file.Path);
                break;
            case FileOperation.Rename when file.SecondPath is not null:
                _targets.Remove(file.SecondPath);
                if (_targets.Remove(file.Path, out var moved))
                {
                    _targets[file.SecondPath] = moved;
                }

                break;
        }
    }

    /// <summary>
    /// The path with every link it goes through replaced by its target, or null when it goes through none.
    /// </summary>
    /// <param name="followLast">
    /// Whether the call follows a link in the last component (open, exec, chmod do; unlink, rename, mkdir and
    /// symlink act on the link itself).
    /// </param>
    public string? Resolve(string path, bool followLast)
    {
        if (_targets.Count == 0 || !path.StartsWith('/'))
        {
            return null;
        }

        var current = path;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var next = ResolveOnce(current, followLast);
            if (next is null)
            {
                return current == path ? null : current;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Replaces the longest prefix of <paramref name="path"/> that is a known link.</summary>
    private string? ResolveOnce(string path, bool followLast)
    {
        var end = followLast ? path.Length : path.LastIndexOf('/');
        while (end > 0)
        {
            if (_targets.TryGetValue(path[..end], out var target))
            {
                return Normalise(target + path[end..]);
            }

            end = path.LastIndexOf('/', end - 1);
        }

        return null;
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "" : path[..slash];
    }

    /// <summary>Collapses '.', '..' and repeated slashes; '..' never climbs above '/'.</summary>
    private static string Normalise(string path)
    {
        var kept = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (kept.Count > 0)
                {
                    kept.RemoveAt(kept.Count - 1);
                }
            }
            else
            {
                kept.Add(segment);
            }
        }

        return "/" + string.Join('/', kept);
    }
}
