namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// Globs of what a phase is allowed to do (<c>**</c> crosses folders). The same shape serves a scenario's
/// <c>expect</c>, its <c>build.expect</c> and an image's default allowances.
/// </summary>
public sealed record Expectations(
    IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesWrite,
    IReadOnlyList<string> Processes,
    IReadOnlyList<string> Dns,
    IReadOnlyList<string> Connect,
    IReadOnlyList<string> Listen)
{
    public static Expectations Empty { get; } = new([], [], [], [], [], []);

    /// <summary>Both sets of allowances together: what either allows is allowed.</summary>
    public Expectations Union(Expectations other) => new(
        [.. FilesRead, .. other.FilesRead],
        [.. FilesWrite, .. other.FilesWrite],
        [.. Processes, .. other.Processes],
        [.. Dns, .. other.Dns],
        [.. Connect, .. other.Connect],
        [.. Listen, .. other.Listen]);
}
