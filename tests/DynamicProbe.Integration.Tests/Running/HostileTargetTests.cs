using System.Diagnostics;
using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>Targets that attack the sandbox's limits: the runner stays up and bounded, reports what the kernel refused, and removes everything.</summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileTargetTests
{
    private const int OutputLimit = 64 * 1024;

    private DockerEngine engine = null!;
    private SandboxRunner runner = null!;

    [SetUp]
    public void CreateRunner()
    {
        engine = DockerEngine.FromEnvironment();
        runner = new SandboxRunner(engine.Client, new ObservingMonitor(engine.Client), new SandboxRunnerOptions(OutputLimitBytes: OutputLimit, TmpBytes: 8L * 1024 * 1024));
    }

    [TearDown]
    public async Task NoContainerIsLeft()
    {
        var left = await TestLabels.ContainersOfThisProcessAsync(engine.Client);
        engine.Dispose();
        Assert.That(left, Is.Empty);
    }

    [Test]
    public async Task A_fork_bomb_hits_the_pids_limit_and_is_reported()
    {
        var scenario = Command(["/bin/sh", "-c", "bomb() { bomb & bomb & wait; }; bomb"], [new RunStep(At(10), null, null, null)],
            timeout: TimeSpan.FromSeconds(8), pids: 32);
        var clock = Stopwatch.StartNew();

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(40)));
        var step = outcome.Steps.Single();
        // Either the bomb's shells give up on failed forks, or the timeout strikes first; both are reported.
        Assert.That(step.Detail, Does.Contain("pids limit of 32 refused").Or.Contain("timeout of 8s struck"));
        Assert.That(outcome.TimedOut, Is.EqualTo(step.Detail.Contains("timeout", StringComparison.Ordinal)));
    }

    [Test]
    public async Task A_fork_bomb_that_gives_up_reports_the_refused_forks()
    {
        var scenario = Command(["/bin/sh", "-c", "for i in $(seq 100); do sleep 5 & done; wait"], [new RunStep(At(10), null, null, null)],
            timeout: TimeSpan.FromSeconds(30), pids: 16);

        var step = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps.Single();

        Assert.That(step.Detail, Does.Contain("the pids limit of 16 refused"));
    }

    [Test]
    public async Task Gigabytes_of_output_are_drained_but_only_the_limit_is_kept()
    {
        const long printed = 300L * 1024 * 1024;
        var scenario = Command(["/bin/sh", "-c", $"head -c {printed} /dev/zero | tr '\\0' a; echo done >&2"], [new RunStep(At(10), 0, null, null)]);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var step = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps.Single();

        Assert.That(step.Succeeded, Is.True, step.Detail);
        Assert.That(step.Stdout, Does.StartWith(new string('a', 1000)).And.EndWith($"[output truncated: kept the first {OutputLimit} of {printed} bytes]"));
        Assert.That(step.Stderr, Is.EqualTo("done\n"));
        Assert.That(GC.GetTotalMemory(forceFullCollection: true) - before, Is.LessThan(32L * 1024 * 1024));
    }

    [Test]
    public async Task A_memory_bomb_is_reported_as_killed_by_the_oom_killer()
    {
        var scenario = Command(["/bin/sh", "-c", "x=a; while :; do x=\"$x$x\"; done"], [new RunStep(At(10), null, null, null)],
            memoryBytes: 32L * 1024 * 1024);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        // No exit code is expected, so the step passes; the OOM kill is a finding of its own (ResourceAbuseTests).
        var step = outcome.Steps.Single();
        Assert.That(step.Succeeded, Is.True);
        Assert.That(outcome.Resources.OomKills, Is.EqualTo(1));
        Assert.That(step.ExitCode, Is.EqualTo(137));
        Assert.That(step.Detail, Does.Contain("the OOM killer ended 1 process(es): the memory limit of 32 MiB was reached"));
    }

    [Test]
    public async Task Filling_tmp_stops_at_its_size()
    {
        var scenario = Command(["/bin/sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=100"], [new RunStep(At(10), null, null, null)]);

        var step = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps.Single();

        Assert.That(step.ExitCode, Is.Not.EqualTo(0));
        Assert.That(step.Stderr, Does.Contain("No space left on device"));
    }

    [Test]
    public async Task A_huge_argv_fails_the_step_without_harming_the_runner()
    {
        var huge = Enumerable.Repeat(new string('x', 100_000), 40).ToArray();
        var scenario = Command(["/bin/true"], [new ExecStep(At(10), ["/bin/echo", .. huge]), new RunStep(At(11), 0, null, null)]);

        var steps = (await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None)).Steps;

        Assert.That(steps[0].Succeeded, Is.False);
        Assert.That(steps, Has.Count.EqualTo(1));
    }
}
