namespace DynamicProbe.Cli.Progress;

/// <summary>The board at one moment: the run's counts, and each running scenario with what each of its runs is doing.</summary>
internal sealed record BoardSnapshot(TimeSpan Elapsed, int Total, int Done, int Queued, IReadOnlyList<BoardRow> Running);
