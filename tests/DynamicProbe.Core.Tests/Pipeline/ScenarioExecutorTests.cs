using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Pipeline;

public sealed class ScenarioExecutorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly SourceLocation Here = new("/s/x.yaml", 9, 5);

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
    public async Task UserErrorsBecomeAnErrorVerdictWithTheMessage()
    {
        var executor = new ScenarioExecutor(new FakeBuilder(null, true), new ThrowingRunner(), new FakeAllowances(Expectations.Empty), new BehaviourAnalyzer(RuleBook.BuiltIn()));

        var result = await executor.ExecuteAsync(Command(), CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Error));
        Assert.That(result.Problems.Single(), Does.Contain("image dynamicprobe/nope is missing"));
    }

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

    private static Scenario Command() => Scenario(new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/bin/true"], null));

    private static Scenario Project() => Scenario(new TargetSpec("/s/App/App.csproj", TargetSpec.DefaultConfiguration, [], null, null));

    private static Scenario Scenario(TargetSpec target) => new(
        "x",
        null,
        "/s/x.yaml",
        target,
        new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, false),
        [new RunStep(Here, 0, null, null)],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));

    private sealed class FakeRunner(RunOutcome outcome) : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, CancellationToken cancellationToken) => Task.FromResult(outcome);
    }

    private sealed class ThrowingRunner : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, CancellationToken cancellationToken) =>
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
