using System.Text.Json;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>Where a real scenario's time goes: every phase of the JSON report lists the stages of its critical path.</summary>
public sealed partial class ExampleScenariosTests
{
    [Test]
    public void Every_phase_of_a_real_run_reports_the_stages_of_its_critical_path()
    {
        AssertCriticalPathTimings(_run.Scenario("hello-console"));
    }

    /// <summary>
    /// The build (cached or not) and the run list their stages in the order they began, none negative, none ending
    /// after its phase, the phases within the scenario's wall time; the run's target starts only once the sinkhole's
    /// catcher listens, and after the monitor attached.
    /// </summary>
    internal static void AssertCriticalPathTimings(JsonElement scenario)
    {
        var phases = scenario.GetProperty("phases").EnumerateArray().ToList();
        Assert.That(phases.Select(p => p.GetProperty("phase").GetString()), Is.EqualTo(new[] { "build", "run" }), scenario.ToString());
        var scenarioTotal = scenario.GetProperty("durationMs").GetInt64();
        Assert.That(phases.Sum(p => p.GetProperty("durationMs").GetDouble()), Is.LessThanOrEqualTo(scenarioTotal + 1), "the build, then the run");

        var build = StagesOf(phases[0]);
        Assert.That(build.Keys, Does.Contain("project-evaluation").And.Contain("cache-lookup"));
        if (build.ContainsKey("dotnet-publish"))
        {
            Assert.That(build.Keys, Does.Contain("monitor-attach").And.Contain("container-start").And.Contain("monitor-stop"), "a fresh build");
        }

        var run = StagesOf(phases[1]);
        Assert.That(run.Keys, Is.SupersetOf(new[]
        {
            "sinkhole-pod-create", "sinkhole-pod-start", "user-lookup", "identity-files", "container-create", "monitor-attach",
            "container-start", "home-seeding", "honeytoken-planting", "steps[0] run", "files-left-snapshot", "monitor-stop", "capture-collection",
        }));
        Assert.That(run["monitor-attach"].Start + run["monitor-attach"].Duration, Is.LessThanOrEqualTo(run["container-start"].Start + 0.1));
        Assert.That(run["sinkhole-pod-start"].Start + run["sinkhole-pod-start"].Duration, Is.LessThanOrEqualTo(run["container-start"].Start + 0.1),
            "the target starts only once the catcher listens");
        Assert.That(run["steps[0] run"].Start, Is.GreaterThanOrEqualTo(run["container-start"].Start));
        Assert.That(run["monitor-stop"].Start, Is.GreaterThanOrEqualTo(run["steps[0] run"].Start));
    }

    /// <summary>A phase's stages by name, after checking they are ordered by start, non-negative and within the phase.</summary>
    private static Dictionary<string, (double Start, double Duration)> StagesOf(JsonElement phase)
    {
        var total = phase.GetProperty("durationMs").GetDouble();
        var stages = phase.GetProperty("timings").EnumerateArray()
            .Select(s => (Name: s.GetProperty("stage").GetString()!, Start: s.GetProperty("startMs").GetDouble(), Duration: s.GetProperty("durationMs").GetDouble()))
            .ToList();
        Assert.That(stages, Is.Not.Empty, phase.ToString());
        Assert.That(stages.Zip(stages.Skip(1)).All(p => p.First.Start <= p.Second.Start), Is.True, $"ordered by start: {phase}");
        Assert.That(stages.All(s => s.Start >= 0 && s.Duration >= 0), Is.True, $"non-negative: {phase}");
        Assert.That(stages.All(s => s.Start + s.Duration <= total + 0.1), Is.True, $"within the phase: {phase}");
        return stages.ToDictionary(s => s.Name, s => (s.Start, s.Duration));
    }
}
