using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

using static DynamicProbe.Core.Tests.Pipeline.PipelineScenarios;

namespace DynamicProbe.Core.Tests.Pipeline;

/// <summary>What the executor and the runner tell a run's progress, recorded by a fake that keeps every call as a line.</summary>
public sealed class RunProgressTests
{

    [Test]
    public async Task TheBuildThenEachRunIsToldAndTheRunnersStepsComeUnderTheRunsName()
    {
        var progress = new RecordingProgress();
        var scenario = Project() with { Variants = [new Variant("next-year", Project().Sandbox, ["clock"], Here)] };
        var executor = new ScenarioExecutor(new FakeBuilder(), new SteppingRunner(), new NoAllowances(), new BehaviourAnalyzer(RuleBook.BuiltIn()), new SandboxSlots(2), progress);

        await executor.ExecuteAsync(scenario, CancellationToken.None);

        Assert.That(progress.Lines[0], Is.EqualTo("x: phase build"));
        Assert.That(progress.Lines.Skip(1), Is.EquivalentTo(new[]
        {
            "x: phase run default",
            "x: default steps[0] run line 9 started",
            "x: default steps[0] run line 9 ended ok",
            "x: phase run next-year",
            "x: next-year steps[0] run line 9 started",
            "x: next-year steps[0] run line 9 ended ok",
        }));
        foreach (var run in new[] { "default", "next-year" })
        {
            Assert.That(progress.Lines.Where(l => l.Contains(run, StringComparison.Ordinal)), Is.EqualTo(new[]
            {
                $"x: phase run {run}",
                $"x: {run} steps[0] run line 9 started",
                $"x: {run} steps[0] run line 9 ended ok",
            }), "each run's phase comes before its steps");
        }
    }

    [Test]
    public async Task ARunIsToldOnlyOnceItHasItsSandboxNotWhileItWaitsForOne()
    {
        var progress = new RecordingProgress();
        var runner = new GatedRunner();
        var scenario = Command() with { Variants = [new Variant("second", Command().Sandbox, ["pids"], Here)] };
        var executor = new ScenarioExecutor(new FakeBuilder(), runner, new NoAllowances(), new BehaviourAnalyzer(RuleBook.BuiltIn()), new SandboxSlots(1), progress);

        var execution = executor.ExecuteAsync(scenario, CancellationToken.None);
        await runner.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var toldWhileTheFirstHeldTheOnlySandbox = progress.Lines.ToList();
        runner.Release.SetResult();
        await execution;

        Assert.That(toldWhileTheFirstHeldTheOnlySandbox.Count(l => l.StartsWith("x: phase run", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(progress.Lines.Count(l => l.StartsWith("x: phase run", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    private static RunOutcome Quiet() => new(new PhaseRecording(Phase.Run, [], MonitorHealth.Healthy), [], false, "dynamicprobe/base");

    /// <summary>Every call as one line, in the order they came.</summary>
    private sealed class RecordingProgress : IRunProgress
    {
        private readonly List<string> lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines)
                {
                    return [.. lines];
                }
            }
        }

        public void ScenarioQueued(Scenario scenario) => Add($"{scenario.Name}: queued");

        public void ScenarioStarted(Scenario scenario) => Add($"{scenario.Name}: started");

        public void PhaseStarted(Scenario scenario, Phase phase, string? run) =>
            Add($"{scenario.Name}: phase {phase.ToString().ToLowerInvariant()}{(run is null ? "" : $" {run}")}");

        public void StepStarted(Scenario scenario, string run, int index, ScenarioStep step) =>
            Add($"{scenario.Name}: {run} {StepTimeline.RefOf(index, step)} started");

        public void StepEnded(Scenario scenario, string run, int index, StepOutcome outcome) =>
            Add($"{scenario.Name}: {run} {StepTimeline.RefOf(index, outcome.Step)} ended {(outcome.Succeeded ? "ok" : "failed")}");

        public void ScenarioFinished(Scenario scenario, ScenarioResult result) => Add($"{scenario.Name}: finished {result.Verdict}");

        private void Add(string line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    /// <summary>Carries out each step as the sandbox runner does: told before and after.</summary>
    private sealed class SteppingRunner : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken)
        {
            var outcomes = new List<StepOutcome>();
            foreach (var (step, index) in scenario.Steps.Select((s, i) => (s, i)))
            {
                progress.StepStarted(index, step);
                outcomes.Add(new StepOutcome(step, true, "done"));
                progress.StepEnded(index, outcomes[^1]);
            }

            return Task.FromResult(Quiet() with { Steps = outcomes });
        }
    }

    /// <summary>The first run holds its sandbox until released.</summary>
    private sealed class GatedRunner : ISandboxRunner
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken)
        {
            if (Entered.TrySetResult())
            {
                await Release.Task;
            }

            return Quiet();
        }
    }

    private sealed class FakeBuilder : ITargetBuilder
    {
        public Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken) => Task.FromResult(new BuildOutcome(
            new BuiltTarget("/cache/publish", "App"), new PhaseRecording(Phase.Build, [], MonitorHealth.Healthy), "dynamicprobe/sdk", "", false));
    }

    private sealed class NoAllowances : IAllowanceSource
    {
        public Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken) => Task.FromResult(Expectations.Empty);
    }
}
