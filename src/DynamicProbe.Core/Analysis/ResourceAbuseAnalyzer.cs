using System.Globalization;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Resources;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Turns the run's resource figures (<see cref="ResourceUsage"/>, read by the runner from the kernel) and its process
/// tree into findings: a limit reached, CPU no step explains, floods, processes that escaped their step, and the
/// built program starting copies of itself. Each finding states the figure and the limit. These are not actions an
/// <c>expect</c> list could allow, so they are not rules.yaml rules; self-spawning is the exception: a scenario that
/// lists its own executable under <c>expect.processes</c> allows it.
/// </summary>
public static class ResourceAbuseAnalyzer
{
    public const string PidsLimitRule = "pids-limit-reached";
    public const string MemoryLimitRule = "memory-limit-reached";
    public const string CpuRule = "sustained-cpu";
    public const string OutputFloodRule = "output-flood";
    public const string DiskFullRule = "disk-full";
    public const string EscapeRule = "process-escaped";
    public const string SelfSpawnRule = "target-self-spawn";

    private const int KilledBySigkill = 128 + 9;
    private const int NoSpace = -28; // ENOSPC

    /// <param name="target">The built program, for project targets: its exec by anything but a step is self-spawning.</param>
    /// <param name="expected">The scenario's own <c>expect</c> (not the image defaults).</param>
    public static IReadOnlyList<Finding> Analyze(RunOutcome run, BuiltTarget? target, Expectations expected)
    {
        var usage = run.Resources;
        var events = run.Recording.Events;
        var findings = new List<Finding>();
        if (usage.RefusedForks is > 0 and var refused)
        {
            findings.Add(Make(PidsLimitRule, Severity.High, "pids",
                $"the pids limit of {usage.PidsLimit} was reached: the kernel refused {Count(refused)} fork(s) (a fork bomb, or a program that needs sandbox.pids raised)",
                [.. events.OfType<ProcessForkEvent>()]));
        }

        if (usage.OomKills is > 0 and var kills)
        {
            var peak = usage.PeakMemoryBytes is { } bytes ? $", peak use {MiB(bytes)}" : "";
            findings.Add(Make(MemoryLimitRule, Severity.High, "memory",
                $"the memory limit of {MiB(usage.MemoryLimitBytes)} was reached{peak}: the OOM killer ended {Count(kills)} process(es) (a memory bomb, or a program that needs sandbox.memory raised)",
                [.. events.OfType<ProcessExitEvent>().Where(e => e.ExitCode == KilledBySigkill)]));
        }

        if (SustainedCpu.Find(usage.CpuSamples, usage.CpuLimit) is { } busy)
        {
            findings.Add(Make(CpuRule, Severity.High, "cpu",
                $"kept {Number(busy.Cpus)} CPU(s) busy ({Number(busy.CpuSeconds)} CPU seconds in {Number(busy.Duration.TotalSeconds)}s, limit {Number(usage.CpuLimit)} CPU(s)) while the scenario only waited ({StepsOf(busy)}): no step explains it (a miner?)",
                []));
        }

        findings.AddRange(usage.OutputFloods.Select(flood => Make(OutputFloodRule, Severity.Low, $"{flood.Stream} {flood.Step}",
            $"printed {MiB(flood.TotalBytes)} on {flood.Stream} during the {flood.Step}; only the first {MiB(flood.KeptBytes)} were kept",
            [])));
        findings.AddRange(DiskFloods(usage, events));
        findings.AddRange(usage.Escapees.GroupBy(e => e.Step).Select(g => Escape([.. g], events)));
        if (SelfSpawn(events, target, expected) is { } selfSpawn)
        {
            findings.Add(selfSpawn);
        }

        return findings;
    }

    private static IEnumerable<Finding> DiskFloods(ResourceUsage usage, IReadOnlyList<ProbeEvent> events)
    {
        var refused = events.OfType<FileEvent>().Where(f => f.Result == NoSpace).ToList();
        foreach (var disk in usage.Disks)
        {
            var prefix = disk.MountPoint.TrimEnd('/') + "/";
            var here = refused.Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (disk.WasFull || here.Count > 0)
            {
                yield return Make(DiskFullRule, Severity.Medium, disk.MountPoint,
                    $"filled {disk.MountPoint}: {MiB(disk.PeakUsedBytes)} used of its {MiB(disk.SizeBytes)}{(here.Count > 0 ? $"; {here.Count} call(s) got ENOSPC" : "")}",
                    here);
            }
        }
    }

    /// <summary>One finding per step that processes escaped from, naming each (up to three) and what became of them.</summary>
    private static Finding Escape(IReadOnlyList<EscapedProcess> escapees, IReadOnlyList<ProbeEvent> events)
    {
        var pids = escapees.Select(e => e.Pid).ToHashSet();
        var own = events.Where(e => pids.Contains(e.Pid) || e is ProcessForkEvent f && pids.Contains(f.ChildPid)).ToList();
        var named = escapees.Take(3).Select(e => $"{CommandLineOf(e, own)} (host pid {e.Pid})");
        var more = escapees.Count > 3 ? $" and {escapees.Count - 3} more" : "";
        var killed = escapees.Count(e => e.KilledAtTimeout);
        var end = killed == 0
            ? "the run was kept open, and observed, until they exited"
            : $"the run was kept open, and observed; {killed} still ran when the scenario timeout struck and were killed";
        return Make(EscapeRule, Severity.High, escapees[0].Step,
            $"{escapees.Count} process(es) kept running after the {escapees[0].Step} ended, adopted by the sandbox's init (double fork, setsid or nohup): {string.Join(", ", named)}{more}; {end}",
            own);
    }

    /// <summary>The argv of the escapee's last exec when the monitor saw one (a forked subshell has none), else /proc's.</summary>
    private static string CommandLineOf(EscapedProcess escapee, IReadOnlyList<ProbeEvent> own) =>
        own.OfType<ProcessExecEvent>().LastOrDefault(e => e.Pid == escapee.Pid && e.Result == 0) is { } exec
            ? CommandLine.Format(exec.Argv)
            : escapee.CommandLine;

    /// <summary>
    /// A step's own start of the program is an exec by a process the program did not make (the container runtime
    /// forks a step's processes, outside the recording). The same executable exec'd by the program itself (again, in
    /// place) or by any process it forked, however deep, is the program starting copies of itself.
    /// </summary>
    private static Finding? SelfSpawn(IReadOnlyList<ProbeEvent> events, BuiltTarget? target, Expectations expected)
    {
        if (target is null || GlobSet.ForPaths(expected.Processes, includeFolderItself: false).Matches(target.ExecutablePath))
        {
            return null;
        }

        var program = new HashSet<int>(); // the program's processes and everything they forked, while they live
        var spawns = new List<ProcessExecEvent>();
        foreach (var probeEvent in events)
        {
            switch (probeEvent)
            {
                case ProcessForkEvent fork when program.Contains(fork.Pid):
                    program.Add(fork.ChildPid);
                    break;
                case ProcessExecEvent { Result: 0 } exec when exec.Path == target.ExecutablePath:
                    if (!program.Add(exec.Pid))
                    {
                        spawns.Add(exec);
                    }

                    break;
                case ProcessExitEvent exit:
                    program.Remove(exit.Pid);
                    break;
            }
        }

        return spawns.Count == 0
            ? null
            : Make(SelfSpawnRule, Severity.High, target.ExecutablePath,
                $"the program started {Count(spawns.Count)} cop{(spawns.Count == 1 ? "y" : "ies")} of itself ({target.ExecutablePath}), first by {spawns[0].Process}: only a step's own start of it is expected; list it under expect.processes if it is meant to",
                spawns);
    }

    /// <summary>
    /// A finding whose occurrences are its evidence events in all (at least one: the figure itself), during the steps
    /// its events carry; <paramref name="subject"/> names the limit or place, never a figure that changes run to run.
    /// </summary>
    private static Finding Make(string rule, Severity severity, string subject, string message, IReadOnlyList<ProbeEvent> evidence) =>
        new(rule, severity, Phase.Run, message, [.. evidence.Take(BehaviourAnalyzer.MaxEvidencePerFinding)], Math.Max(1, evidence.Count))
        {
            Steps = StepTimeline.StepsOf(evidence),
            EvidenceOmitted = Math.Max(0, evidence.Count - BehaviourAnalyzer.MaxEvidencePerFinding),
            Subject = subject,
        };

    private static string StepsOf(CpuWindow window) =>
        window.From.Step == window.To.Step ? window.From.Step : $"from the {window.From.Step} to the {window.To.Step}";

    private static string MiB(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);
}
