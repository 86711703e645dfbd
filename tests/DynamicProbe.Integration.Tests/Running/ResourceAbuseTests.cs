using Docker.DotNet.Models;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>
/// Resource abuse and escaping processes in a real sandbox with the real kernel monitor: the figures come from the
/// sandbox's cgroup and process tree, and the findings from them name the figure and the limit.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ResourceAbuseTests
{
    private DockerEngine engine = null!;
    private SandboxRunner runner = null!;

    [SetUp]
    public void CreateRunner()
    {
        engine = DockerEngine.FromEnvironment();
        runner = new SandboxRunner(engine.Client, SharedMonitor.Monitor);
    }

    [TearDown]
    public async Task NoContainerIsLeft()
    {
        var left = await TestLabels.ContainersOfThisProcessAsync(engine.Client);
        engine.Dispose();
        Assert.That(left, Is.Empty);
    }

    [Test]
    public async Task A_child_left_behind_is_an_escapee_and_the_run_stays_open_until_it_has_acted()
    {
        var scenario = Command(["/bin/sh", "-c", "(sleep 3; cat ~/.aws/credentials > /dev/null; echo x >> ~/.bashrc) & exit 0"],
            [new RunStep(At(10), 0, null, null)], timeout: TimeSpan.FromSeconds(40));

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.TimedOut, Is.False);
        Assert.That(outcome.Steps.Single().Succeeded, Is.True, outcome.Steps.Single().Detail);
        var escapee = outcome.Resources.Escapees.Single();
        Assert.That(escapee.Step, Does.StartWith("run step at /tests/scenario.yaml:10"));
        Assert.That(escapee.KilledAtTimeout, Is.False);
        var files = outcome.Recording.Events.OfType<FileEvent>().ToList();
        var later = Descendants(outcome.Recording, escapee.Pid);
        Assert.That(files.Where(f => later.Contains(f.Pid) && f.Operation == FileOperation.Read).Select(f => f.Path), Does.Contain("/home/probe/.aws/credentials"));
        Assert.That(files.Where(f => later.Contains(f.Pid) && f.Operation == FileOperation.Write).Select(f => f.Path), Does.Contain("/home/probe/.bashrc"));
        var finding = Findings(outcome).Single(f => f.Rule == ResourceAbuseAnalyzer.EscapeRule);
        Assert.That(finding.Message, Does.Contain($"(host pid {escapee.Pid})").And.Contain("until they exited"));
    }

    [Test]
    public async Task An_escapee_that_never_ends_is_killed_at_the_timeout_and_the_run_is_inconclusive()
    {
        var scenario = Command(["/bin/sh", "-c", "nohup sleep 1000 > /dev/null 2>&1 & exit 0"],
            [new RunStep(At(10), 0, null, null)], timeout: TimeSpan.FromSeconds(10));

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.TimedOut, Is.True);
        Assert.That(outcome.Steps.Single().Succeeded, Is.True, "the step itself finished: only the escapee was cut short");
        Assert.That(outcome.Resources.Escapees.Single().KilledAtTimeout, Is.True);
        Assert.That(Findings(outcome).Single(f => f.Rule == ResourceAbuseAnalyzer.EscapeRule).Message, Does.Contain("sleep 1000").And.Contain("killed"));
    }

    [Test]
    public async Task A_background_target_still_running_after_the_last_step_is_no_escapee()
    {
        var scenario = Command(["/bin/sh", "-c", "sleep 1000"], [new StartStep(At(10)), new SleepStep(At(11), TimeSpan.FromSeconds(1))],
            timeout: TimeSpan.FromSeconds(30));

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.TimedOut, Is.False);
        Assert.That(outcome.Resources.Escapees, Is.Empty);
    }

    [Test]
    public async Task Forks_refused_by_the_pids_limit_are_a_finding_even_when_the_step_passes()
    {
        // dash gives up at its first refused fork, with code 2: the step expects no exit code, so it passes.
        var scenario = Command(["/bin/sh", "-c", "for i in $(seq 60); do sleep 1 & done; wait"], [new RunStep(At(10), null, null, null)],
            pids: 16);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Single().Succeeded, Is.True, outcome.Steps.Single().Detail);
        Assert.That(outcome.Resources.RefusedForks, Is.GreaterThan(0));
        var finding = Findings(outcome).Single(f => f.Rule == ResourceAbuseAnalyzer.PidsLimitRule);
        Assert.That(finding.Message, Does.Contain($"the pids limit of 16 was reached: the kernel refused {outcome.Resources.RefusedForks} fork(s)"));
        Assert.That(finding.Evidence, Is.Not.Empty.And.All.InstanceOf<ProcessForkEvent>());
    }

    [Test]
    public async Task An_oom_kill_expected_by_the_step_still_makes_the_finding()
    {
        var scenario = Command(["/bin/sh", "-c", "x=a; while :; do x=\"$x$x\"; done"], [new RunStep(At(10), 137, null, null)],
            memoryBytes: 32L * 1024 * 1024);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Single().Succeeded, Is.True, outcome.Steps.Single().Detail);
        Assert.That(outcome.Resources.OomKills, Is.EqualTo(1));
        Assert.That(outcome.Resources.PeakMemoryBytes, Is.GreaterThan(30L * 1024 * 1024));
        var finding = Findings(outcome).Single(f => f.Rule == ResourceAbuseAnalyzer.MemoryLimitRule);
        Assert.That(finding.Message, Does.StartWith("the memory limit of 32 MiB was reached").And.Contain("the OOM killer ended 1 process(es)"));
        Assert.That(finding.Evidence.OfType<ProcessExitEvent>().Select(e => e.ExitCode), Is.EqualTo(new[] { 137 }));
    }

    [Test]
    public async Task A_busy_loop_run_in_the_foreground_is_not_cpu_abuse()
    {
        var scenario = Command(["/usr/bin/timeout", "3", "/bin/sh", "-c", "while :; do :; done"],
            [new RunStep(At(10), 124, null, null), new SleepStep(At(11), TimeSpan.FromSeconds(2))]);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Select(s => s.Succeeded), Is.All.True);
        Assert.That(outcome.Resources.CpuSeconds, Is.GreaterThan(0.5), "the loop's CPU time was counted");
        Assert.That(Findings(outcome).Select(f => f.Rule), Has.None.EqualTo(ResourceAbuseAnalyzer.CpuRule));
    }

    [Test]
    public async Task A_background_busy_loop_while_the_scenario_sleeps_is_cpu_abuse()
    {
        // Half a CPU: the quota holds the loop at the limit whatever else this shared machine is doing.
        var scenario = Command(["/bin/sh", "-c", "while :; do :; done"],
            [new StartStep(At(10)), new SleepStep(At(11), TimeSpan.FromSeconds(8)), new StopStep(At(12), "KILL", TimeSpan.FromSeconds(5))],
            cpus: 0.5);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        var finding = Findings(outcome).Single(f => f.Rule == ResourceAbuseAnalyzer.CpuRule);
        Assert.That(finding.Message, Does.Contain("limit 0.5 CPU(s)").And.Contain("sleep step at /tests/scenario.yaml:11"));
    }

    [Test]
    public async Task Filling_tmp_is_a_disk_finding_with_its_size()
    {
        var scenario = Command(["/bin/sh", "-c", "dd if=/dev/zero of=/tmp/fill bs=1M count=100"], [new RunStep(At(10), null, null, null)]);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        var tmp = outcome.Resources.Disks.Single(d => d.MountPoint == "/tmp");
        Assert.That(tmp.SizeBytes, Is.EqualTo(SandboxRunnerOptions.Default.TmpBytes));
        Assert.That(tmp.WasFull, Is.True);
        Assert.That(outcome.Resources.Disks.Single(d => d.MountPoint == "/home/probe").WasFull, Is.False);
        Assert.That(Findings(outcome).Single(f => f.Rule == ResourceAbuseAnalyzer.DiskFullRule).Message, Does.StartWith("filled /tmp: 64 MiB used of its 64 MiB"));
    }

    [Test]
    public async Task Output_beyond_the_capture_is_a_flood_finding_with_the_figure()
    {
        var scenario = Command(["/bin/sh", "-c", "head -c 3145728 /dev/zero"], [new RunStep(At(10), 0, null, null)]);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        var flood = outcome.Resources.OutputFloods.Single();
        Assert.That((flood.Stream, flood.TotalBytes, flood.KeptBytes), Is.EqualTo(("stdout", 3145728L, (long)SandboxRunnerOptions.Default.OutputLimitBytes)));
        Assert.That(Findings(outcome).Single(f => f.Rule == ResourceAbuseAnalyzer.OutputFloodRule).Message,
            Does.StartWith("printed 3 MiB on stdout during the run step at /tests/scenario.yaml:10:3; only the first 1 MiB were kept"));
    }

    private static IReadOnlyList<Finding> Findings(RunOutcome outcome) => ResourceAbuseAnalyzer.Analyze(outcome, null, Expectations.Empty);

    /// <summary>The process and everything it forked, by the recording's fork events.</summary>
    private static HashSet<int> Descendants(PhaseRecording recording, int pid)
    {
        var tree = new HashSet<int> { pid };
        foreach (var fork in recording.Events.OfType<ProcessForkEvent>().Where(f => tree.Contains(f.Pid)))
        {
            tree.Add(fork.ChildPid);
        }

        return tree;
    }
}
