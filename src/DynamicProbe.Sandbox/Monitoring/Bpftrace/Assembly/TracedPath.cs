namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// A path as far as the monitor knows it. Resolved paths start with '/'. When the directory a relative path was
/// relative to is unknown, the path starts with a marker in angle brackets instead (<c>&lt;fd 7&gt;/name</c>,
/// <c>&lt;cwd unknown&gt;/name</c>): visibly unresolved, never a wrong absolute path.
/// </summary>
/// <param name="Truncated">The monitor cut this path, or the directory it was resolved against.</param>
internal readonly record struct TracedPath(string Text, bool Truncated)
{
    public static TracedPath UnknownFd(int fd) => new($"<fd {fd}>", false);

    public static TracedPath UnknownCwd { get; } = new("<cwd unknown>", false);

    public bool IsResolved => Text.StartsWith('/');
}
