namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Lexical path arithmetic: joins a relative path to its base and normalises '.', '..' and repeated slashes.
/// Symbolic links are not followed (the monitor cannot see them), so this is what the program named, made absolute.
/// </summary>
internal static class PathResolver
{
    /// <summary>dirfd value meaning "relative to the working directory".</summary>
    public const int CurrentDirectory = -100;

    /// <summary><paramref name="name"/> resolved against <paramref name="directory"/>; an empty name is the directory itself (AT_EMPTY_PATH).</summary>
    public static TracedPath Combine(TracedPath directory, TracedPath name)
    {
        if (name.Text.StartsWith('/'))
        {
            return name with { Text = Normalise(name.Text) };
        }

        var joined = name.Text.Length == 0 ? directory.Text : directory.Text + "/" + name.Text;
        return new TracedPath(Normalise(joined), directory.Truncated || name.Truncated);
    }

    /// <summary>
    /// Removes '.', empty segments and each '..' with the segment before it. '..' never climbs above '/', nor above
    /// an unresolved marker such as <c>&lt;fd 7&gt;</c>, where it is kept: what is above an unknown directory is unknown.
    /// </summary>
    public static string Normalise(string path)
    {
        if (IsNormal(path))
        {
            return path;
        }

        var absolute = path.StartsWith('/');
        var segments = path.Split('/');
        var kept = new List<string>();
        var marker = !absolute && segments.Length > 0 && segments[0].StartsWith('<') ? segments[0] : null;
        foreach (var segment in segments.Skip(marker is null ? 0 : 1))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == ".." && kept.Count > 0 && kept[^1] != "..")
            {
                kept.RemoveAt(kept.Count - 1);
            }
            else if (segment != ".." || !absolute)
            {
                kept.Add(segment);
            }
        }

        var body = string.Join('/', kept);
        return marker is not null ? (body.Length == 0 ? marker : marker + "/" + body)
            : absolute ? "/" + body
            : body;
    }

    /// <summary>Most paths are already normal: absolute, with no empty, '.' or '..' segment and no trailing slash.</summary>
    private static bool IsNormal(string path) =>
        path.Length > 1 && path[0] == '/' && path[^1] != '/' && !path.Contains("//", StringComparison.Ordinal)
        && !path.Contains("/./", StringComparison.Ordinal) && !path.Contains("/../", StringComparison.Ordinal)
        && !path.EndsWith("/.", StringComparison.Ordinal) && !path.EndsWith("/..", StringComparison.Ordinal);
}
