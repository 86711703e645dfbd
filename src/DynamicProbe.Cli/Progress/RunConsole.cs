using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;
using Spectre.Console;

namespace DynamicProbe.Cli.Progress;

/// <summary>
/// The console of a run: its progress as it goes (a live region on a terminal, timestamped lines in a CI log, or
/// nothing) and each scenario's result as it finishes (<see cref="ConsoleReportWriter"/>; under <c>--quiet</c> only its
/// problems). Every write is whole lines under one lock, so the output of parallel scenarios never interleaves.
/// </summary>
public sealed class RunConsole : IRunProgress, IAsyncDisposable
{
    private readonly TextWriter output;
    private readonly ConsoleSettings settings;
    private readonly Severity failOn;
    private readonly ProgressBoard board;
    private readonly bool plainLines;
    private readonly Lock writing = new();
    private LiveRegion? live;

    private RunConsole(TextWriter output, ConsoleSettings settings, Severity failOn, ProgressBoard board, ProgressMode mode, IAnsiConsole? terminal)
    {
        this.output = output;
        this.settings = settings;
        this.failOn = failOn;
        this.board = board;
        plainLines = mode == ProgressMode.Plain;
        live = mode == ProgressMode.Live ? new LiveRegion(terminal ?? Terminal(output), board) : null;
    }

    /// <summary>Starts showing the run's progress on <paramref name="output"/> (the live region, when it is one, at once).</summary>
    public static RunConsole Start(ConsoleSettings settings, TextWriter output, Severity failOn) =>
        Start(settings, output, failOn, TimeProvider.System, ConsoleSettings.IsTerminal(output), Environment.GetEnvironmentVariable);

    /// <summary>For tests: a clock, a terminal and an environment of their own.</summary>
    internal static RunConsole Start(
        ConsoleSettings settings, TextWriter output, Severity failOn, TimeProvider clock, bool outputIsTerminal, Func<string, string?> environment,
        IAnsiConsole? terminal = null) =>
        new(output, settings, failOn, new ProgressBoard(clock), settings.Resolve(outputIsTerminal, environment), terminal);

    public void ScenarioQueued(Scenario scenario) => board.Queue(scenario);

    public void ScenarioStarted(Scenario scenario) => Tell(board.Start(scenario));

    public void PhaseStarted(Scenario scenario, Phase phase, string? run) => Tell(board.Phase(scenario, phase, run));

    public void StepStarted(Scenario scenario, string run, int index, ScenarioStep step) => Tell(board.StepStarted(scenario, run, index, step));

    public void StepEnded(Scenario scenario, string run, int index, StepOutcome outcome) => Tell(board.StepEnded(scenario, run, index, outcome));

    public void ScenarioFinished(Scenario scenario, ScenarioResult result)
    {
        board.Finish(scenario);
        WriteScenario(result);
    }

    /// <summary>A scenario's result: above the live region while there is one, else straight to the output.</summary>
    public void WriteScenario(ScenarioResult result)
    {
        using var text = new StringWriter();
        var writer = new ConsoleReportWriter(text);
        if (settings.Quiet)
        {
            writer.WriteBrief(result);
        }
        else
        {
            writer.WriteScenario(result, new RunReport([result], failOn, DateTimeOffset.MinValue, DateTimeOffset.MinValue));
        }

        if (text.GetStringBuilder().Length == 0)
        {
            return;
        }

        lock (writing)
        {
            if (live is not null)
            {
                live.Print(text.ToString());
            }
            else
            {
                output.Write(text.ToString());
            }
        }
    }

    /// <summary>Removes the live region (printing what it still held above it); from here on everything goes straight to the output.</summary>
    public async ValueTask StopAsync()
    {
        LiveRegion? region;
        lock (writing)
        {
            region = live;
            live = null;
        }

        if (region is not null)
        {
            await region.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => StopAsync();

    private void Tell(string line)
    {
        if (!plainLines)
        {
            return;
        }

        lock (writing)
        {
            output.WriteLine($"[{ProgressBoard.Clock(board.Elapsed)}] {line}");
        }
    }

    /// <summary>Spectre.Console on the output, told it is an interactive ANSI terminal (the choice is made already, see <see cref="ConsoleSettings.Resolve"/>).</summary>
    private static IAnsiConsole Terminal(TextWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
        Out = new AnsiConsoleOutput(output),
    });
}
