using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using static DynamicProbe.Core.Tests.Baselines.BaselineRecordings;

namespace DynamicProbe.Core.Tests.Baselines;

/// <summary>The profile <see cref="ScenarioExecutor"/> hands back with each result: one phase per build and run.</summary>
public sealed class ScenarioProfileTests
{
    [Test]
    public async Task TheBuildAndEveryRunGetTheirOwnPhaseWithoutTheImagesAllowances()
    {
        var build = new PhaseRecording(Phase.Build, [File(40, FileOperation.Read, "/app/Tool.dll"), File(40, FileOperation.Read, "/home/probe/.ssh/id_rsa")], MonitorHealth.Healthy);
        var (run, canary) = FirstRun();
        var executor = new ScenarioExecutor(new Builder(build), new Runner(run, canary), new Allowances(Defaults), new BehaviourAnalyzer(RuleBook.BuiltIn()));

        var result = await executor.ExecuteAsync(Scenario("/s/tool.yaml", "next-year"), CancellationToken.None);

        Assert.That(result.Profile.Phases.Select(p => p.Section), Is.EqualTo(new[] { "build", "run", "run next-year" }));
        Assert.That(result.Profile.Section("build")!.Behaviours.Keys, Is.EqualTo(new[] { new BehaviourKey(ActionKind.FileRead, "/home/probe/.ssh/id_rsa") }));
        Assert.That(result.Profile.Section("run")!.Behaviours.Keys, Does.Contain(new BehaviourKey(ActionKind.DnsQuery, $"{BehaviourKey.Canary}.stats.example.com")));
        Assert.That(result.Profile.Section("run")!.Expected.Processes, Does.Contain("/app/Tool"), "the built program is expected in its run");
        Assert.That(result.Profile.FullyObserved, Is.True);
    }

    [Test]
    public async Task ARunCutShortByTheTimeoutIsNotFullyObserved()
    {
        var (run, canary) = FirstRun();
        var executor = new ScenarioExecutor(new Builder(new PhaseRecording(Phase.Build, [], MonitorHealth.Healthy)), new Runner(run, canary, timedOut: true), new Allowances(Defaults), new BehaviourAnalyzer(RuleBook.BuiltIn()));

        var result = await executor.ExecuteAsync(Scenario("/s/tool.yaml"), CancellationToken.None);

        Assert.That(result.Profile.Section("run")!.FullyObserved, Is.False);
        Assert.That(result.Profile.Section("build")!.FullyObserved, Is.True);
    }

    private sealed class Builder(PhaseRecording recording) : ITargetBuilder
    {
        public Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken) =>
            Task.FromResult(new BuildOutcome(new BuiltTarget("/cache/publish", "Tool"), recording, "dynamicprobe/sdk", "", false));
    }

    private sealed class Runner(PhaseRecording recording, Core.Honeytokens.Honeytoken canary, bool timedOut = false) : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken) =>
            Task.FromResult(new RunOutcome(recording, [], timedOut, "dynamicprobe/dotnet") { Honeytokens = [canary] });
    }

    private sealed class Allowances(Expectations defaults) : IAllowanceSource
    {
        public Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken) => Task.FromResult(defaults);
    }
}
