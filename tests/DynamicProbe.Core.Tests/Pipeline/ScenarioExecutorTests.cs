using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Resources;
using DynamicProbe.Core.Scenarios;

using static DynamicProbe.Core.Tests.Pipeline.PipelineScenarios;

namespace DynamicProbe.Core.Tests.Pipeline;

public sealed class ScenarioExecutorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task CleanWhenEverythingIsAllowedAndFullyObserved()
    {
        var run = Recording(Phase.Run, new FileEvent(T0, 2, "/app/X", FileOperation.Read, "/app/X.dll", 3));

        var result = await Execute(Command(), runRecording: run, defaults: Expectations.Empty with { FilesRead = ["/app/**"] });

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Clean));
        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Phases.Single().EventCount, Is.EqualTo(1));
    }

    [Test]
    public async Task LostEventsMakeAQuietRunInconclusiveNeverClean()
    {
        var run = new PhaseRecording(Phase.Run, [], new MonitorHealth(LostEvents: 12));

        var result = await Execute(Command(), runRecording: run);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(result.Problems.Single(), Does.Contain("dropped 12 event(s)"));
    }

    [Test]
    public async Task TimeoutIsInconclusiveEvenThoughTheInterruptedStepFailed()
    {
        var interrupted = new StepOutcome(new RunStep(Here, 0, null, null), false, "the scenario timeout struck during this step");

        var result = await Execute(Command(), timedOut: true, steps: [interrupted]);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(result.Problems.Single(), Does.Contain("timeout"));
    }

    [Test]
    public async Task FailedStepFailsTheScenario()
    {
        var step = new RunStep(Here, 0, null, "done");
        var outcome = new StepOutcome(step, false, "exit code 3, expected 0", 3);

        var result = await Execute(Command(), steps: [outcome]);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Findings));
        Assert.That(result.Findings.Single().Rule, Is.EqualTo("step-failed"));
        Assert.That(result.Findings.Single().Message, Does.Contain("/s/x.yaml:9:5").And.Contain("expected 0"));
    }

    [Test]
    public async Task BuildPhaseIsCheckedAgainstBuildExpectationsAndFailedBuildIsAnErrorWithItsFindings()
    {
        var build = Recording(Phase.Build, new ProcessExecEvent(T0, 5, "/usr/share/dotnet/dotnet", 1, "/usr/bin/curl", ["curl", "http://x.example.com"], 0));
        var scenario = Project();

        var result = await Execute(scenario, buildRecording: build, buildSucceeds: false);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(result.Findings.Single().Phase, Is.EqualTo(Phase.Build));
        Assert.That(result.Problems.Single(), Does.Contain("build of").And.Contain("error CS1002"));
    }

    [Test]
    public async Task TheBuiltProgramMayStartButNothingElse()
    {
        var run = Recording(
            Phase.Run,
            new ProcessExecEvent(T0, 5, "/app/App", 1, "/app/App", ["/app/App"], 0),
            new ProcessExecEvent(T0, 6, "/app/App", 5, "/app/Other", ["/app/Other"], 0));

        var result = await Execute(Project(), runRecording: run);

        Assert.That(result.Findings.Single().Evidence.Cast<ProcessExecEvent>().Single().Path, Is.EqualTo("/app/Other"));
    }

    [Test]
    public async Task FindingsOfBothPhasesComeMostSevereFirst()
    {
        var build = Recording(Phase.Build, new FileEvent(T0, 5, "/usr/bin/x", FileOperation.Read, "/etc/hostname", 3));
        var run = Recording(Phase.Run, new FileEvent(T0, 6, "/app/App", FileOperation.Write, "/home/probe/.bashrc", 3, OpenFlags.WriteOnly));

        var result = await Execute(Project(), runRecording: run, buildRecording: build);

        Assert.That(result.Findings.Select(f => (f.Phase, f.Severity)), Is.EqualTo(new[] { (Phase.Run, Severity.Critical), (Phase.Build, Severity.Low) }));
    }

    [Test]
    public async Task AlwaysOnFindingsOfTheBuildIgnoreItsGlobsAndAllowRulesSilenceThemWithoutFailingTheRun()
    {
        var dotnet = new ProcessExecEvent(T0, 5, "/usr/share/dotnet/dotnet", 1, "/usr/share/dotnet/dotnet", ["dotnet", "publish"], 0);
        var build = Recording(Phase.Build, dotnet, new FileEvent(T0, 5, "/usr/share/dotnet/dotnet", FileOperation.Read, "/home/probe/.ssh/id_rsa", 3));
        var loose = Project() with { Build = new BuildSpec(true, Expectations.Empty with { FilesRead = ["/home/**"] }) };
        var defaults = Expectations.Empty with { Processes = ["/usr/share/dotnet/dotnet"] };

        var flagged = await Execute(loose, buildRecording: build, defaults: defaults);
        var silenced = await Execute(loose with { AllowRules = [new RuleAllowance("credential-read", Here)] }, buildRecording: build, defaults: defaults);
        var silencedInBuild = await Execute(loose with { Build = loose.Build with { AllowRules = [new RuleAllowance("credential-read", Here)] } }, buildRecording: build, defaults: defaults);

        Assert.That(flagged.Findings.Select(f => (f.Rule, f.Technique, f.Phase)), Is.EqualTo(new[] { ("credential-read", (string?)"T1552.004", Phase.Build) }));
        Assert.That(silenced.Verdict, Is.EqualTo(Verdict.Clean));
        Assert.That(silenced.Silenced.Single().Reason, Is.EqualTo("allow_rules: credential-read at /s/x.yaml:9:5"));
        Assert.That(silencedInBuild.Silenced.Single().Finding.Phase, Is.EqualTo(Phase.Build));
        Assert.That(silencedInBuild.Findings, Is.Empty);
    }

    [Test]
    public async Task FindingsMadeInCodeNameTheirTechniqueWhereOneFits()
    {
        var run = Recording(Phase.Run, new ProcessForkEvent(T0, 5, "/bin/true", 6));
        var failed = new StepOutcome(new RunStep(Here, 0, null, null), false, "exit code 1, expected 0", 1);
        var outcome = new RunOutcome(run, [failed], false, "dynamicprobe/base") { Resources = ResourceUsage.Unknown with { RefusedForks = 3, PidsLimit = 64 } };
        var executor = new ScenarioExecutor(new FakeBuilder(null, true), new FakeRunner(outcome), new FakeAllowances(Expectations.Empty), new BehaviourAnalyzer(RuleBook.BuiltIn()));

        var result = await executor.ExecuteAsync(Command(), CancellationToken.None);

        Assert.That(result.Findings.Select(f => (f.Rule, f.Technique)), Is.EquivalentTo(new[]
        {
            ("pids-limit-reached", (string?)"T1499"),
            ("step-failed", null),
        }));
    }

    [Test]
    public async Task UserErrorsBecomeAnErrorVerdictWithTheMessage()
    {
        var executor = new ScenarioExecutor(new FakeBuilder(null, true), new ThrowingRunner(), new FakeAllowances(Expectations.Empty), new BehaviourAnalyzer(RuleBook.BuiltIn()));

        var result = await executor.ExecuteAsync(Command(), CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(result.Problems.Single(), Does.Contain("image dynamicprobe/nope is missing"));
    }

    [Test]
    public async Task EachVariantRunsWithItsOwnSandboxAndTheDriftNamesTheVariant()
    {
        var wipe = new FileEvent(T0, 8, "/app/App", FileOperation.Unlink, "/home/probe/Documents/notes.txt", 0);
        var runner = new ByClockRunner(clock => Recording(Phase.Run, clock is null ? [] : [wipe]));
        var scenario = WithVariants(Command(), new Variant("next-year", Command().Sandbox with { Clock = NextYear }, ["clock"], Here));

        var result = await new ScenarioExecutor(new FakeBuilder(null, true), runner, new FakeAllowances(Expectations.Empty), new BehaviourAnalyzer(RuleBook.BuiltIn()))
            .ExecuteAsync(scenario, CancellationToken.None);

        Assert.That(runner.Clocks, Is.EquivalentTo(new DateTimeOffset?[] { null, NextYear }));
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Findings));
        Assert.That(result.Findings.Select(f => (f.Rule, f.Variant)), Is.EquivalentTo(new[] { ("home-data-destroyed", "next-year"), ("trigger-dependent", "next-year") }));
        Assert.That(result.Findings.Single(f => f.Rule == "trigger-dependent").Message, Does.Contain("only under variant next-year (clock 2032-06-01T00:00:00Z), never under default"));
        Assert.That(result.Phases.Select(p => p.Variant), Is.EqualTo(new[] { "default", "next-year" }));
        Assert.That(result.Variants.Single().Trigger, Is.EqualTo("clock 2032-06-01T00:00:00Z"));
    }

    [Test]
    public async Task AClockTheSandboxCheckDidNotSeeMakesAQuietRunInconclusive()
    {
        var scenario = Command() with { Sandbox = Command().Sandbox with { Clock = NextYear } };
        var outcome = new RunOutcome(Recording(Phase.Run), [], false, "dynamicprobe/base") { ClockProblem = "the sandbox's `date` showed 2026-11-25T12:00:00Z" };
        var executor = new ScenarioExecutor(new FakeBuilder(null, true), new FakeRunner(outcome), new FakeAllowances(Expectations.Empty), new BehaviourAnalyzer(RuleBook.BuiltIn()));

        var result = await executor.ExecuteAsync(scenario, CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(result.Problems.Single(), Is.EqualTo("fake clock: the sandbox's `date` showed 2026-11-25T12:00:00Z"));
    }

    [Test]
    public async Task AStaticProgramUnderAClockMakesTheRunInconclusiveAndItsMachineryIsNoFinding()
    {
        var scenario = Command() with { Sandbox = Command().Sandbox with { Clock = NextYear } };
        var run = Recording(
            Phase.Run,
            new ProcessExecEvent(T0, 7, "/bin/true", 1, "/bin/true", ["/bin/true"], 0),
            new FileEvent(T0, 7, "/bin/true", FileOperation.Read, FakeClock.PreloadPath, 3),
            new FileEvent(T0, 7, "/bin/true", FileOperation.Read, FakeClock.LibraryPath, 3),
            new FileEvent(T0, 7, "/bin/true", FileOperation.Write, "/dev/shm/sem.faketime_sem_7", 3, OpenFlags.WriteOnly),
            new ProcessExecEvent(T0, 8, "/bin/busybox", 1, "/bin/busybox", ["/bin/busybox"], 0));

        var result = await Execute(scenario, runRecording: run, defaults: Expectations.Empty with { Processes = ["/bin/true", "/bin/busybox"] });

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
        Assert.That(result.Problems.Single(), Does.StartWith("fake clock: /bin/busybox (pid 8) never loaded libfaketime"));
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task VariantsShareTheSandboxBudgetRatherThanAddToIt(int budget)
    {
        var runner = new CountingRunner(budget);
        var sandbox = Command().Sandbox;
        var scenario = WithVariants(Command(), new Variant("a", sandbox, ["pids"], Here), new Variant("b", sandbox, ["pids"], Here));

        await new ScenarioExecutor(new FakeBuilder(null, true), runner, new FakeAllowances(Expectations.Empty), new BehaviourAnalyzer(RuleBook.BuiltIn()), new SandboxSlots(budget))
            .ExecuteAsync(scenario, CancellationToken.None);

        Assert.That(runner.Runs, Is.EqualTo(3));
        Assert.That(runner.MostAtOnce, Is.EqualTo(budget));
    }

    private static readonly DateTimeOffset NextYear = new(2032, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static Scenario WithVariants(Scenario scenario, params Variant[] variants) => scenario with { Variants = variants };

    private static async Task<ScenarioResult> Execute(
        Scenario scenario,
        PhaseRecording? runRecording = null,
        PhaseRecording? buildRecording = null,
        bool buildSucceeds = true,
        bool timedOut = false,
        IReadOnlyList<StepOutcome>? steps = null,
        Expectations? defaults = null)
    {
        var runner = new FakeRunner(new RunOutcome(runRecording ?? Recording(Phase.Run), steps ?? [], timedOut, "dynamicprobe/base"));
        var builder = new FakeBuilder(buildRecording ?? Recording(Phase.Build), buildSucceeds);
        var executor = new ScenarioExecutor(builder, runner, new FakeAllowances(defaults ?? Expectations.Empty), new BehaviourAnalyzer(RuleBook.BuiltIn()));
        return await executor.ExecuteAsync(scenario, CancellationToken.None);
    }

    private static PhaseRecording Recording(Phase phase, params ProbeEvent[] events) => new(phase, events, MonitorHealth.Healthy);

    private sealed class FakeRunner(RunOutcome outcome) : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken) => Task.FromResult(outcome);
    }

    /// <summary>Records which clock each run had and answers with a recording made for it.</summary>
    private sealed class ByClockRunner(Func<DateTimeOffset?, PhaseRecording> recordingFor) : ISandboxRunner
    {
        public List<DateTimeOffset?> Clocks { get; } = [];

        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken)
        {
            lock (Clocks)
            {
                Clocks.Add(scenario.Sandbox.Clock);
            }

            return Task.FromResult(new RunOutcome(recordingFor(scenario.Sandbox.Clock), [], false, "dynamicprobe/base"));
        }
    }

    /// <summary>
    /// Counts the runs in progress at once. Each run waits until <c>expected</c> runs are in (or all runs have
    /// started), so a budget that let more in would be seen, and one that let fewer in would never release them.
    /// </summary>
    private sealed class CountingRunner(int expected) : ISandboxRunner
    {
        private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _current;
        private int _mostAtOnce;
        private int _runs;

        public int MostAtOnce => _mostAtOnce;

        public int Runs => _runs;

        public async Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _current);
            Interlocked.Increment(ref _runs);
            lock (_full)
            {
                _mostAtOnce = Math.Max(_mostAtOnce, now);
            }

            if (now >= expected)
            {
                _full.TrySetResult();
            }

            await _full.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            await Task.Yield();
            Interlocked.Decrement(ref _current);
            return new RunOutcome(Recording(Phase.Run), [], false, "dynamicprobe/base");
        }
    }

    private sealed class ThrowingRunner : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken) =>
            throw new UserErrorException("image dynamicprobe/nope is missing: run `make images`");
    }

    private sealed class FakeBuilder(PhaseRecording? recording, bool succeeds) : ITargetBuilder
    {
        public Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken) => Task.FromResult(new BuildOutcome(
            succeeds ? new BuiltTarget("/cache/publish", "App") : null,
            recording ?? new PhaseRecording(Phase.Build, [], MonitorHealth.Healthy),
            "dynamicprobe/sdk",
            "Program.cs(3,1): error CS1002: ; expected",
            false));
    }

    private sealed class FakeAllowances(Expectations defaults) : IAllowanceSource
    {
        public Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken) => Task.FromResult(defaults);
    }
}
