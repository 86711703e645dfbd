using System.Text.Json;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Timing;

namespace DynamicProbe.Core.Tests.Timing;

/// <summary>Where a scenario's time went: each phase's stages reach the JSON report in order, with the phase's total.</summary>
public sealed class PhaseTimingsReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void EachPhaseListsItsStagesInOrderWithItsTotalInMilliseconds()
    {
        var build = new PhaseTimings([Stage("cache-lookup", 0.5, 1.25)], Ms(2));
        var run = new PhaseTimings(
        [
            Stage("sinkhole-pod-create", 0.5, 15.4),
            Stage("sinkhole-pod-start", 16.1, 343.3),
            Stage("user-lookup", 17.4, 90.6),
            Stage("container-create", 125, 17.7),
            Stage("steps[0] run", 6508.3, 134.6),
        ], Ms(13923.54));
        var result = new ScenarioResult("hello", "/s/hello.yaml", Verdict.Clean, [], [], [],
        [
            new PhaseSummary(Phase.Build, 10, MonitorHealth.Healthy) { Timings = build },
            new PhaseSummary(Phase.Run, 20, MonitorHealth.Healthy) { Variant = "default", Timings = run },
        ], Ms(14100));

        using var json = JsonDocument.Parse(JsonReportWriter.Serialize(new RunReport([result], Severity.Low, T0, T0.AddSeconds(15))));
        var scenario = json.RootElement.GetProperty("scenarios")[0];
        var phases = scenario.GetProperty("phases").EnumerateArray().ToList();

        Assert.That(scenario.GetProperty("durationMs").GetInt64(), Is.EqualTo(14100));
        Assert.That(phases[0].GetProperty("durationMs").GetDouble(), Is.EqualTo(2.0));
        Assert.That(phases[1].GetProperty("durationMs").GetDouble(), Is.EqualTo(13923.5));
        var stages = phases[1].GetProperty("timings").EnumerateArray().ToList();
        Assert.That(stages.Select(s => s.GetProperty("stage").GetString()),
            Is.EqualTo(new[] { "sinkhole-pod-create", "sinkhole-pod-start", "user-lookup", "container-create", "steps[0] run" }));
        Assert.That(stages[1].GetProperty("startMs").GetDouble(), Is.EqualTo(16.1));
        Assert.That(stages[1].GetProperty("durationMs").GetDouble(), Is.EqualTo(343.3));
        Assert.That(phases[0].GetProperty("timings")[0].GetProperty("durationMs").GetDouble(), Is.EqualTo(1.3), "tenths of a millisecond");
        AssertSensible(phases[1]);
    }

    [Test]
    public async Task TheExecutorReportsTheTimingsTheBuildAndTheRunMeasuredAndAScenarioTotalCoveringBoth()
    {
        var executor = new ScenarioExecutor(
            new MeasuringBuilder(), new MeasuringRunner(), new NoAllowances(), new BehaviourAnalyzer(RuleBook.BuiltIn()));

        var result = await executor.ExecuteAsync(ProjectScenario(), CancellationToken.None);
        using var json = JsonDocument.Parse(JsonReportWriter.Serialize(new RunReport([result], Severity.Low, T0, T0)));
        var phases = json.RootElement.GetProperty("scenarios")[0].GetProperty("phases").EnumerateArray().ToList();

        Assert.That(phases.Select(p => p.GetProperty("phase").GetString()), Is.EqualTo(new[] { "build", "run" }));
        Assert.That(phases[0].GetProperty("timings").EnumerateArray().Select(s => s.GetProperty("stage").GetString()),
            Is.EqualTo(new[] { "cache-lookup" }));
        Assert.That(phases[1].GetProperty("timings").EnumerateArray().Select(s => s.GetProperty("stage").GetString()),
            Is.EqualTo(new[] { "container-create", "steps[0] run" }));
        phases.ForEach(AssertSensible);
        var build = result.Phases[0].Timings.Total;
        var run = result.Phases[1].Timings.Total;
        Assert.That(build + run, Is.LessThanOrEqualTo(result.Duration), "the build, then the run, both within the scenario's wall time");
    }

    /// <summary>Stages begin in order, none is negative, and none ends after its phase.</summary>
    private static void AssertSensible(JsonElement phase)
    {
        var total = phase.GetProperty("durationMs").GetDouble();
        var stages = phase.GetProperty("timings").EnumerateArray()
            .Select(s => (Start: s.GetProperty("startMs").GetDouble(), Duration: s.GetProperty("durationMs").GetDouble()))
            .ToList();
        Assert.That(stages, Is.Not.Empty);
        Assert.That(stages.Zip(stages.Skip(1)).All(p => p.First.Start <= p.Second.Start), Is.True, "ordered by start");
        Assert.That(stages.All(s => s.Start >= 0 && s.Duration >= 0), Is.True, "non-negative");
        // Rounded to tenths on both sides: an end may exceed the total by the rounding, never more.
        Assert.That(stages.All(s => s.Start + s.Duration <= total + 0.1), Is.True, "within the phase");
    }

    private static StageTiming Stage(string name, double startMs, double durationMs) => new(name, Ms(startMs), Ms(durationMs));

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static Scenario ProjectScenario() => new(
        "x",
        null,
        "/s/x.yaml",
        new TargetSpec("/s/App/App.csproj", TargetSpec.DefaultConfiguration, [], null, null),
        new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, false),
        [new RunStep(new SourceLocation("/s/x.yaml", 9, 5), 0, null, null)],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));

    /// <summary>Measures its stages on a real <see cref="StageClock"/>, as the sandboxed builder does.</summary>
    private sealed class MeasuringBuilder : ITargetBuilder
    {
        public async Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken)
        {
            var stages = new StageClock();
            await stages.TimeAsync("cache-lookup", async () => await Task.Yield());
            return new BuildOutcome(new BuiltTarget("/cache/publish", "App"), new PhaseRecording(Phase.Build, [], MonitorHealth.Healthy), "dynamicprobe/sdk", "", Reused: true)
            {
                Timings = stages.Read(),
            };
        }
    }

    private sealed class MeasuringRunner : ISandboxRunner
    {
        public async Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken)
        {
            var stages = new StageClock();
            await stages.TimeAsync("container-create", async () => await Task.Yield());
            await stages.TimeAsync("steps[0] run", async () => await Task.Yield());
            return new RunOutcome(new PhaseRecording(Phase.Run, [], MonitorHealth.Healthy), [], false, "dynamicprobe/dotnet") { Timings = stages.Read() };
        }
    }

    private sealed class NoAllowances : IAllowanceSource
    {
        public Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken) => Task.FromResult(Expectations.Empty);
    }
}
