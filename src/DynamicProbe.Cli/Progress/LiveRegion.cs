using System.Collections.Concurrent;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DynamicProbe.Cli.Progress;

/// <summary>
/// The live region at the bottom of a terminal: which scenario is in which phase and step, and for how long, redrawn
/// by Spectre.Console's live display. Finished scenarios' results are printed above it. Spectre's live display is not
/// thread-safe, so one loop does all the writing: the progress events only change the board and queue text.
/// </summary>
internal sealed class LiveRegion : IAsyncDisposable
{
    /// <summary>Elapsed times show seconds: four redraws a second keep them current without flicker.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly IAnsiConsole console;
    private readonly ProgressBoard board;
    private readonly ConcurrentQueue<string> printed = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public LiveRegion(IAnsiConsole console, ProgressBoard board)
    {
        this.console = console;
        this.board = board;
        loop = console.Live(Render(board.Snapshot()))
            .AutoClear(true)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(RefreshAsync);
    }

    /// <summary>Prints <paramref name="text"/> (whole lines, inert already) above the region at its next redraw.</summary>
    public void Print(string text) => printed.Enqueue(text);

    /// <summary>Prints what is still queued and removes the region; the terminal keeps only what was printed above it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        await loop;
        stop.Dispose();
    }

    /// <summary>The region for one moment of the board: a heading with the counts, then a line per build or run under way.</summary>
    public static IRenderable Render(BoardSnapshot board)
    {
        var heading = string.Create(
            CultureInfo.InvariantCulture,
            $"{ProgressBoard.Clock(board.Elapsed)}  {board.Done} of {board.Total} scenario(s) done, {board.Running.Count} running, {board.Queued} queued");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var row in board.Running)
        {
            var activities = row.Activities.Count == 0 ? ["starting"] : row.Activities;
            foreach (var (activity, index) in activities.Select((a, i) => (a, i)))
            {
                grid.AddRow(
                    new Text(index == 0 ? row.Name : string.Empty, new Style(decoration: Decoration.Bold)),
                    new Text(index == 0 ? ProgressBoard.Clock(row.Elapsed) : string.Empty, new Style(decoration: Decoration.Dim)),
                    new Text(activity));
            }
        }

        return new Rows(new Text(heading, new Style(decoration: Decoration.Dim)), grid);
    }

    /// <summary>
    /// Text printed above the region, erasing the region first: Spectre puts the cursor back at the region's top
    /// without erasing it, so a line shorter than the region's would leave the rest of a progress line behind it.
    /// </summary>
    private sealed class ErasingText(string text) : IRenderable
    {
        /// <summary>ED 0: erase from the cursor to the end of the screen.</summary>
        private const string EraseBelow = "\u001b[J";

        private readonly Text inner = new(text);

        public Measurement Measure(RenderOptions options, int maxWidth) => ((IRenderable)inner).Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            ((IRenderable)inner).Render(options, maxWidth).Prepend(Segment.Control(EraseBelow));
    }

    private async Task RefreshAsync(LiveDisplayContext context)
    {
        while (true)
        {
            // Read before the queue is drained: every Print made before the stop is then in the queue.
            var stopping = stop.IsCancellationRequested;
            while (printed.TryDequeue(out var text))
            {
                console.Write(new ErasingText(text));
            }

            context.UpdateTarget(Render(board.Snapshot()));
            if (stopping)
            {
                return;
            }

            await Task.Delay(RefreshInterval, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
