using DynamicProbe.Cli.Progress;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;
using Spectre.Console.Testing;

namespace DynamicProbe.Integration.Tests.Console;

/// <summary>
/// The console of a run fed recorded progress (no Docker): timestamped plain lines where no terminal is, a live region
/// drawn by Spectre.Console (its test console) where one is, and under <c>--quiet</c> only what is wrong.
/// </summary>
public sealed class RunConsoleTests
{
    private static readonly SourceLocation File = new("/s/shell-dropper.yaml", 3, 1);
    private static readonly ScenarioStep Run = new RunStep(File with { Line = 12 }, 0, null, null);
    private static readonly ScenarioStep Http = new HttpStep(File with { Line = 14 }, "GET", new Uri("http://127.0.0.1:8080/"), null, new Dictionary<string, string>(), null, null, TimeSpan.FromSeconds(5));

    [Test]
    public async Task WithoutATerminalEachPhaseAndStepIsOneTimestampedLineAndNothingIsAnEscapeCode()
    {
        var clock = new ManualClock();
        using var output = new StringWriter();
        await using (var console = RunConsole.Start(ConsoleSettings.Default, output, Severity.Low, clock, outputIsTerminal: false, NoEnvironment))
        {
            var scenario = Scenario("shell-dropper");
            console.ScenarioQueued(scenario);
            console.ScenarioStarted(scenario);
            clock.Advance(TimeSpan.FromSeconds(1));
            console.PhaseStarted(scenario, Phase.Run, "default");
            console.StepStarted(scenario, "default", 0, Run);
            clock.Advance(TimeSpan.FromSeconds(11));
            console.StepEnded(scenario, "default", 0, new StepOutcome(Run, true, "exited 0"));
            console.StepStarted(scenario, "default", 1, Http);
            clock.Advance(TimeSpan.FromSeconds(61));
            console.StepEnded(scenario, "default", 1, new StepOutcome(Http, false, "status 500"));
            console.ScenarioFinished(scenario, Result("shell-dropper", Verdict.Findings, "a problem"));
        }

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.That(lines.Take(6), Is.EqualTo(new[]
        {
            "[00:00] shell-dropper: started",
            "[00:01] shell-dropper: run",
            "[00:01] shell-dropper: run, steps[0] run line 12",
            "[00:12] shell-dropper: run, steps[0] run line 12: ok",
            "[00:12] shell-dropper: run, steps[1] http line 14",
            "[01:13] shell-dropper: run, steps[1] http line 14: failed",
        }));
        Assert.That(lines[6], Does.StartWith("FINDINGS      shell-dropper"));
        Assert.That(output.ToString(), Does.Not.Contain("\u001b"));
    }

    [Test]
    public async Task AScenarioWithVariantsNamesEachRunAndItsBuild()
    {
        var clock = new ManualClock();
        using var output = new StringWriter();
        await using (var console = RunConsole.Start(new ConsoleSettings(ProgressMode.Plain, false), output, Severity.Low, clock, outputIsTerminal: true, NoEnvironment))
        {
            var scenario = Scenario("time-bomb") with { Variants = [new Variant("next-year", Scenario("x").Sandbox, ["clock"], File)] };
            console.ScenarioStarted(scenario);
            console.PhaseStarted(scenario, Phase.Build, null);
            console.PhaseStarted(scenario, Phase.Run, "next-year");
            console.StepStarted(scenario, "next-year", 0, Run);
        }

        Assert.That(output.ToString().Split(Environment.NewLine).Skip(1).Take(3), Is.EqualTo(new[]
        {
            "[00:00] time-bomb: build",
            "[00:00] time-bomb: run next-year",
            "[00:00] time-bomb: run next-year, steps[0] run line 12",
        }));
    }

    [Test]
    public async Task QuietShowsNoProgressNothingOfACleanScenarioAndOnlyTheProblemsOfTheOthers()
    {
        using var output = new StringWriter();
        await using (var console = RunConsole.Start(new ConsoleSettings(ProgressMode.Auto, Quiet: true), output, Severity.Low, new ManualClock(), outputIsTerminal: true, Terminal))
        {
            var clean = Scenario("hello");
            var cut = Scenario("slow");
            console.ScenarioStarted(clean);
            console.PhaseStarted(clean, Phase.Run, "default");
            console.StepStarted(clean, "default", 0, Run);
            console.ScenarioFinished(clean, Result("hello", Verdict.Clean));
            console.ScenarioStarted(cut);
            console.ScenarioFinished(cut, Result("slow", Verdict.Inconclusive, "the scenario timeout (5s) struck") with
            {
                Findings = [new Finding("unexpected-exec", Severity.High, Phase.Run, "ran /bin/sh", [], 1)],
            });
        }

        Assert.That(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "INCONCLUSIVE  slow  (1.0s, /s/slow.yaml)",
            "    problem: the scenario timeout (5s) struck",
        }));
    }

    [TestCase(ProgressMode.Auto, true, null, "xterm-256color", ProgressMode.Live)]
    [TestCase(ProgressMode.Auto, false, null, "xterm-256color", ProgressMode.Plain)]
    [TestCase(ProgressMode.Auto, true, "1", "xterm-256color", ProgressMode.Plain)]
    [TestCase(ProgressMode.Auto, true, "", "xterm-256color", ProgressMode.Live)]
    [TestCase(ProgressMode.Auto, true, null, "dumb", ProgressMode.Plain)]
    [TestCase(ProgressMode.Auto, true, null, null, ProgressMode.Plain)]
    [TestCase(ProgressMode.Plain, true, null, "xterm-256color", ProgressMode.Plain)]
    [TestCase(ProgressMode.None, true, null, "xterm-256color", ProgressMode.None)]
    [TestCase(ProgressMode.Live, false, null, "dumb", ProgressMode.Live)]
    public void AutoIsLiveOnlyOnARealTerminalWithoutNoColorAndAnExplicitModeIsKept(
        ProgressMode asked, bool terminal, string? noColor, string? term, ProgressMode expected)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term };

        Assert.That(new ConsoleSettings(asked, false).Resolve(terminal, name => environment.GetValueOrDefault(name)), Is.EqualTo(expected));
    }

    [Test]
    public void QuietMeansNoProgressWhateverTheTerminal()
    {
        Assert.That(new ConsoleSettings(ProgressMode.Auto, Quiet: true).Resolve(true, Terminal), Is.EqualTo(ProgressMode.None));
    }

    [Test]
    public void TheLiveRegionShowsEachRunningScenarioWithItsElapsedTimeAndEachRunsStep()
    {
        var clock = new ManualClock();
        var board = new ProgressBoard(clock);
        var dropper = Scenario("shell-dropper");
        var bomb = Scenario("time-bomb") with { Variants = [new Variant("next-year", Scenario("x").Sandbox, ["clock"], File)] };
        board.Queue(dropper);
        board.Queue(bomb);
        board.Queue(Scenario("waiting"));
        board.Start(dropper);
        board.Phase(dropper, Phase.Build, null);
        clock.Advance(TimeSpan.FromSeconds(5));
        board.Start(bomb);
        board.Phase(bomb, Phase.Run, "default");
        board.Phase(bomb, Phase.Run, "next-year");
        board.StepStarted(bomb, "next-year", 1, Http);
        board.Phase(dropper, Phase.Run, "default");
        board.StepStarted(dropper, "default", 1, Http);
        clock.Advance(TimeSpan.FromSeconds(7));
        using var terminal = new TestConsole().Width(100);

        terminal.Write(LiveRegion.Render(board.Snapshot()));

        Assert.That(terminal.Lines.Select(l => l.TrimEnd()), Is.EqualTo(new[]
        {
            "00:12  0 of 3 scenario(s) done, 2 running, 1 queued",
            "shell-dropper  00:12  run, steps[1] http line 14",
            "time-bomb      00:07  run default",
            "                      run next-year, steps[1] http line 14",
        }));
    }

    [Test]
    public void ASecondBuildOfTheSameScenarioStartsItsBoardLineAfresh()
    {
        var board = new ProgressBoard(new ManualClock());
        var scenario = Scenario("drift");
        board.Start(scenario);
        board.Phase(scenario, Phase.Build, null);
        board.Phase(scenario, Phase.Run, "default");
        board.StepEnded(scenario, "default", 0, new StepOutcome(Run, true, "exited 0"));

        board.Phase(scenario, Phase.Build, null); // --baseline-from: the revision's pass, then today's

        Assert.That(board.Snapshot().Running.Single().Activities, Is.EqualTo(new[] { "build" }));
    }

    [Test]
    public async Task OnATerminalResultsArePrintedAboveTheLiveRegionWhichIsGoneOnceStopped()
    {
        using var output = new StringWriter();
        using var terminal = new TestConsole().Width(100).EmitAnsiSequences();
        var console = RunConsole.Start(new ConsoleSettings(ProgressMode.Live, false), output, Severity.Low, new ManualClock(), outputIsTerminal: true, Terminal, terminal);
        var scenario = Scenario("shell-dropper");
        console.ScenarioQueued(scenario);
        console.ScenarioStarted(scenario);
        console.PhaseStarted(scenario, Phase.Run, "default");
        console.StepStarted(scenario, "default", 1, Http);
        console.ScenarioFinished(scenario, Result("shell-dropper", Verdict.Findings, "a problem"));

        await console.StopAsync();

        // Spectre moves the cursor back to the region's top without erasing it: the result erases it first, or a
        // short line of it would leave the rest of a progress line behind.
        Assert.That(terminal.Output, Does.Contain("\u001b[JFINDINGS      shell-dropper  (1.0s, /s/shell-dropper.yaml)").And.Contain("    problem: a problem"));
        Assert.That(output.ToString(), Is.Empty, "everything went through the live display while it was up");
    }

    private static string? NoEnvironment(string name) => null;

    private static string? Terminal(string name) => name == "TERM" ? "xterm-256color" : null;

    private static Scenario Scenario(string name) => new(
        name,
        null,
        $"/s/{name}.yaml",
        new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/bin/true"], null),
        new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, false),
        [Run, Http],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));

    private static ScenarioResult Result(string name, Verdict verdict, params string[] problems) =>
        new(name, $"/s/{name}.yaml", verdict, [], [], problems, [], TimeSpan.FromSeconds(1));

    /// <summary>Time moves only when the test says so.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref now);

        public void Advance(TimeSpan by) => Interlocked.Add(ref now, by.Ticks);
    }
}
