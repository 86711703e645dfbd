using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Resources;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Resources;

/// <summary>
/// Resource findings from figures and events as the runner recorded them in real sandboxes (the fork-bomb,
/// memory-bomb and daemonizing-child examples: pids, paths and counters copied from their reports).
/// </summary>
public sealed class ResourceAbuseAnalyzerTests
{
    private const string Spawner = "/app/SelfSpawner";
    private const string RunStep = "run step at /examples/x.yaml:17:5";
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 1, 5, 59, TimeSpan.Zero);
    private static readonly BuiltTarget Target = new("/publish", "SelfSpawner");
    private static readonly ResourceUsage Limits = new(0, 512L * 1024 * 1024, 40L * 1024 * 1024, 0, 48, 1.2, 1);

    [Test]
    public void Figures_within_the_limits_make_no_finding()
    {
        var findings = Analyze(Limits, [Exec(3383, 0, Spawner, Spawner)]);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Refused_forks_are_a_pids_limit_finding_with_the_figure_and_the_limit()
    {
        var events = new List<ProbeEvent> { Exec(3383, 0, Spawner, Spawner), Fork(3383, 3396), Fork(3383, 3397), Fork(3397, 3412) };

        var finding = Analyze(Limits with { RefusedForks = 18 }, events).Single(f => f.Rule == ResourceAbuseAnalyzer.PidsLimitRule);

        Assert.That(finding.Severity, Is.EqualTo(Severity.High));
        Assert.That(finding.Message, Does.Contain("pids limit of 48 was reached").And.Contain("refused 18 fork(s)"));
        Assert.That(finding.Evidence, Is.EqualTo(events.Skip(1)), "the forks the sandbox made");
    }

    [Test]
    public void Oom_kills_are_a_memory_limit_finding_with_the_limit_and_the_peak()
    {
        var usage = Limits with { OomKills = 1, MemoryLimitBytes = 64L * 1024 * 1024, PeakMemoryBytes = 67_100_000 };
        var events = new List<ProbeEvent> { Exec(1800, 0, "/bin/sh", "/bin/sh", "-c", "(x=a; ...)"), Fork(1800, 1801), Exit(1801, 137), Exit(1800, 0) };

        var finding = Analyze(usage, events).Single(f => f.Rule == ResourceAbuseAnalyzer.MemoryLimitRule);

        Assert.That(finding.Message, Does.Contain("memory limit of 64 MiB was reached, peak use 64 MiB").And.Contain("OOM killer ended 1 process(es)"));
        Assert.That(finding.Evidence, Is.EqualTo(new[] { events[2] }), "the process the kernel killed");
    }

    [Test]
    public void Unreadable_counters_make_no_finding_rather_than_a_guess()
    {
        Assert.That(Analyze(ResourceUsage.Unknown, [Fork(1, 2)]), Is.Empty);
    }

    [Test]
    public void Cpu_kept_busy_while_the_scenario_waits_is_a_finding_with_the_figure()
    {
        var usage = Limits with { CpuSamples = SustainedCpuTests.Series(("sleep step at x.yaml:9:5", false, 8.0, 0.97)) };

        var finding = Analyze(usage, []).Single();

        Assert.That(finding.Rule, Is.EqualTo(ResourceAbuseAnalyzer.CpuRule));
        Assert.That(finding.Message, Does.Contain("kept 0.97 CPU(s) busy").And.Contain("limit 1 CPU(s)").And.Contain("sleep step at x.yaml:9:5"));
    }

    [Test]
    public void A_busy_window_over_two_waiting_steps_names_both()
    {
        var usage = Limits with { CpuSamples = SustainedCpuTests.Series(("start step at x.yaml:8:5", false, 0.25, 0.5), ("sleep step at x.yaml:9:5", false, 8.0, 0.5)) };

        var finding = Analyze(usage with { CpuLimit = 0.5 }, []).Single();

        Assert.That(finding.Message, Does.Contain("while the scenario only waited (from the start step at x.yaml:8:5 to the sleep step at x.yaml:9:5)"));
    }

    [Test]
    public void Output_beyond_the_capture_is_a_flood_finding()
    {
        var usage = Limits with { OutputFloods = [new OutputVolume(RunStep, "stdout", 300L * 1024 * 1024, 1024 * 1024)] };

        var finding = Analyze(usage, []).Single();

        Assert.That(finding.Rule, Is.EqualTo(ResourceAbuseAnalyzer.OutputFloodRule));
        Assert.That(finding.Message, Is.EqualTo($"printed 300 MiB on stdout during the {RunStep}; only the first 1 MiB were kept"));
    }

    [Test]
    public void A_full_tmp_is_a_disk_finding_with_the_calls_that_got_enospc()
    {
        var usage = Limits with { Disks = [new DiskUsage("/tmp", 64L * 1024 * 1024, 64L * 1024 * 1024), new DiskUsage("/home/probe", 64L * 1024 * 1024, 1_000_000)] };
        var refused = new FileEvent(T0, 900, "/usr/bin/touch", FileOperation.Write, "/tmp/more", -28, 0x41);

        var finding = Analyze(usage, [refused]).Single();

        Assert.That(finding.Rule, Is.EqualTo(ResourceAbuseAnalyzer.DiskFullRule));
        Assert.That(finding.Message, Does.StartWith("filled /tmp: 64 MiB used of its 64 MiB").And.Contain("1 call(s) got ENOSPC"));
        Assert.That(finding.Evidence, Is.EqualTo(new[] { refused }));
    }

    [Test]
    public void An_escaped_process_is_named_with_its_argv_and_the_step_it_outlived()
    {
        var usage = Limits with { Escapees = [new EscapedProcess(708, "/bin/sh -c sleep 3; cat", RunStep, KilledAtTimeout: false)] };
        var events = new List<ProbeEvent>
        {
            Exec(707, 0, "/bin/sh", "/bin/sh", "-c", "(setsid ...&); exit 0"),
            Fork(707, 708),
            Exec(708, 707, "/usr/bin/setsid", "setsid", "/bin/sh", "-c", "sleep 3; cat ~/.aws/credentials"),
            Exec(708, 707, "/bin/sh", "/bin/sh", "-c", "sleep 3; cat ~/.aws/credentials"),
            Exit(707, 0),
            new FileEvent(T0.AddSeconds(3), 708, "/bin/sh", FileOperation.Write, "/home/probe/.bashrc", 3, 0x441),
        };

        var finding = Analyze(usage, events).Single();

        Assert.That(finding.Rule, Is.EqualTo(ResourceAbuseAnalyzer.EscapeRule));
        Assert.That(finding.Message, Does.StartWith($"1 process(es) kept running after the {RunStep} ended")
            .And.Contain("/bin/sh -c 'sleep 3; cat ~/.aws/credentials' (host pid 708)")
            .And.Contain("until they exited"));
        Assert.That(finding.Evidence, Is.EqualTo(events.Skip(1).Where(e => e.Pid == 708 || e is ProcessForkEvent)));
    }

    [Test]
    public void Escapees_of_one_step_are_one_finding_that_says_which_were_killed_at_the_timeout()
    {
        var usage = Limits with
        {
            Escapees =
            [
                new EscapedProcess(10, "sleep 100", RunStep, KilledAtTimeout: true),
                new EscapedProcess(11, "sleep 1", RunStep, KilledAtTimeout: false),
                new EscapedProcess(12, "nohup x", "exec step at x.yaml:9:5", KilledAtTimeout: false),
            ],
        };

        var findings = Analyze(usage, []);

        Assert.That(findings, Has.Count.EqualTo(2));
        Assert.That(findings[0].Message, Does.Contain("2 process(es)").And.Contain("sleep 100 (host pid 10), sleep 1 (host pid 11)")
            .And.Contain("1 still ran when the scenario timeout struck and were killed"));
        Assert.That(findings[1].Message, Does.Contain("after the exec step at x.yaml:9:5 ended"));
    }

    [Test]
    public void The_program_starting_copies_of_itself_is_self_spawning_but_the_steps_own_start_is_not()
    {
        var events = new List<ProbeEvent>
        {
            Exec(3383, 0, Spawner, Spawner),                  // the run step's own start: no traced fork made it
            Fork(3383, 3396), Exec(3396, 3383, Spawner, Spawner, "1"),
            Fork(3383, 3397), Exec(3397, 3383, Spawner, Spawner, "1"),
            Exec(4000, 0, Spawner, Spawner),                  // a second step's start
        };

        var finding = Analyze(Limits, events).Single();

        Assert.That(finding.Rule, Is.EqualTo(ResourceAbuseAnalyzer.SelfSpawnRule));
        Assert.That(finding.Message, Does.StartWith($"the program started 2 copies of itself ({Spawner})"));
        Assert.That(finding.Evidence.Select(e => e.Pid), Is.EqualTo(new[] { 3396, 3397 }));
    }

    [Test]
    public void A_steps_shell_starting_the_program_is_the_step_but_a_shell_the_program_started_is_the_program()
    {
        var byStep = new List<ProbeEvent> { Exec(500, 0, "/bin/sh", "/bin/sh", "-c", Spawner), Fork(500, 501), Exec(501, 500, Spawner, Spawner) };
        var byProgram = new List<ProbeEvent>
        {
            Exec(3383, 0, Spawner, Spawner), Fork(3383, 3390), Exec(3390, 3383, "/bin/sh", "/bin/sh", "-c", Spawner),
            Fork(3390, 3391), Exec(3391, 3390, Spawner, Spawner),
        };

        Assert.That(Analyze(Limits, byStep), Is.Empty);
        Assert.That(Analyze(Limits, byProgram).Single().Evidence, Is.EqualTo(new[] { byProgram[4] }));
    }

    [Test]
    public void A_reused_pid_of_an_exited_copy_is_not_the_program()
    {
        var events = new List<ProbeEvent> { Exec(3383, 0, Spawner, Spawner), Exit(3383, 0), Exec(3383, 0, Spawner, Spawner) };

        Assert.That(Analyze(Limits, events), Is.Empty);
    }

    [Test]
    public void Re_executing_itself_in_place_is_self_spawning()
    {
        var events = new List<ProbeEvent> { Exec(3383, 0, Spawner, Spawner), Exec(3383, 0, Spawner, Spawner, "--stage2") };

        Assert.That(Analyze(Limits, events).Single().Rule, Is.EqualTo(ResourceAbuseAnalyzer.SelfSpawnRule));
    }

    [Test]
    public void Self_spawning_listed_in_expect_processes_is_allowed()
    {
        var events = new List<ProbeEvent> { Exec(3383, 0, Spawner, Spawner), Fork(3383, 3396), Exec(3396, 3383, Spawner, Spawner, "1") };

        Assert.That(Analyze(Limits, events, Expectations.Empty with { Processes = ["/app/*"] }), Is.Empty);
    }

    [Test]
    public void Command_targets_have_no_self_spawning_rule_their_processes_are_judged_by_expect()
    {
        var events = new List<ProbeEvent> { Exec(1, 0, "/bin/sh", "/bin/sh"), Fork(1, 2), Exec(2, 1, "/bin/sh", "/bin/sh") };

        Assert.That(ResourceAbuseAnalyzer.Analyze(Outcome(Limits, events), null, Expectations.Empty), Is.Empty);
    }

    private static IReadOnlyList<Finding> Analyze(ResourceUsage usage, IReadOnlyList<ProbeEvent> events, Expectations? expected = null) =>
        ResourceAbuseAnalyzer.Analyze(Outcome(usage, events), Target, expected ?? Expectations.Empty);

    private static RunOutcome Outcome(ResourceUsage usage, IReadOnlyList<ProbeEvent> events) =>
        new(new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy), [], false, "dynamicprobe/dotnet") { Resources = usage };

    private static ProcessExecEvent Exec(int pid, int parent, string path, params string[] argv) =>
        new(T0, pid, path, parent, path, argv, 0);

    private static ProcessForkEvent Fork(int pid, int child) => new(T0, pid, Spawner, child);

    private static ProcessExitEvent Exit(int pid, int code) => new(T0.AddSeconds(1), pid, "/bin/sh", code);
}
