namespace DynamicProbe.Cli.Progress;

/// <summary>One running scenario: how long since it started, and one activity per build or run under way.</summary>
internal sealed record BoardRow(string Name, TimeSpan Elapsed, IReadOnlyList<string> Activities);
