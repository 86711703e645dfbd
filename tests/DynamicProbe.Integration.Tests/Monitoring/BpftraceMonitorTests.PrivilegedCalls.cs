using Docker.DotNet.Models;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring;

namespace DynamicProbe.Integration.Tests.Monitoring;

/// <summary>
/// The real monitor sees privileged calls with their results, refused ones included (the default seccomp profile
/// refuses mount, unshare and setns before the syscall starts), in a busybox container run as root with Docker's
/// default capabilities.
/// </summary>
public sealed partial class BpftraceMonitorTests
{
    [Test]
    public async Task Kill_chmod_u_s_mount_unshare_and_setns_are_recorded_with_their_results()
    {
        // The shell's own kill (a builtin) of its child, then of every process; the busybox applets for the rest.
        // The shell signalling itself is not recorded.
        var calls = await RecordAsync(
            "sleep 30 & kill -9 $!; kill -0 $$; : > f; busybox chmod u+s f; busybox mount -t tmpfs none /tmp; " +
            "busybox unshare -U true; busybox nsenter -t 1 -m true; sleep 30 & kill -9 -1; exit 0");

        var privileged = calls.OfType<PrivilegedCallEvent>().Select(c => (c.Call, c.Target, c.Argument, c.Error, c.TargetIsOwn)).ToList();
        Assert.That(privileged, Has.Count.EqualTo(5), string.Join("\n", privileged));
        // The child is named by what it runs: the forked shell, or sleep once exec'd (busybox runs it as /proc/self/exe).
        Assert.That(privileged[0].Target, Does.Match(@"^pid \d+ \((/bin/sh|/proc/self/exe)\)$"));
        Assert.That(privileged[0] with { Target = "" }, Is.EqualTo((PrivilegedCall.Kill, "", 9L, (string?)null, true)));
        Assert.That(privileged.Skip(1), Is.EqualTo(new (PrivilegedCall, string, long, string?, bool)[]
        {
            (PrivilegedCall.Mount, "/tmp (tmpfs)", 0x8000 /* MS_SILENT */, "EPERM", false),
            (PrivilegedCall.Unshare, "CLONE_NEWUSER", 0x10000000, "EPERM", false),
            (PrivilegedCall.Setns, "/proc/1/ns/mnt (CLONE_NEWNS)", 0x20000, "EPERM", false),
            (PrivilegedCall.Kill, "pid -1 (every process)", 9, null, false),
        }));

        var chmod = calls.OfType<FileEvent>().Single(f => f.Operation == FileOperation.Chmod);
        Assert.That((chmod.Path, chmod.Flags & 0xfff, chmod.Succeeded), Is.EqualTo(("/tmp/f", 0x9a4, true)));
        Assert.That(
            calls.SelectMany(ActionExtractor.Extract).Where(a => a.Kind == ActionKind.PrivilegedCall).Select(a => a.Subject),
            Is.EqualTo(new[] { "setuid-bit", "mount", "unshare", "setns", "kill" }),
            "the kill of its own child is no action; the chmod that set the setuid bit is one");
    }

    [Test]
    public async Task A_kill_is_own_for_an_orphaned_grandchild_and_not_for_a_sibling_or_the_parent()
    {
        // The inner shell exits before the outer one kills the sleep it left; then a busybox kill process signals
        // its sibling, and its parent (PID 1) with signal 0.
        var calls = await RecordAsync(
            "sh -c 'sleep 30 & echo $! > p'; kill -9 $(cat p); sleep 30 & busybox kill -9 $!; busybox kill -0 1; exit 0");

        var kills = calls.OfType<PrivilegedCallEvent>().ToList();
        Assert.That(kills.Select(k => (k.Call, k.Argument, k.Result, k.TargetIsOwn)), Is.EqualTo(new[]
        {
            (PrivilegedCall.Kill, 9L, 0, true),
            (PrivilegedCall.Kill, 9L, 0, false),
            (PrivilegedCall.Kill, 0L, 0, false),
        }));
        Assert.That(kills.Take(2).Select(k => k.Target), Has.All.Match(@"^pid \d+ \((/bin/sh|/proc/self/exe)\)$"));
        Assert.That(kills[2].Target, Is.EqualTo("pid 1 (/bin/sh)"));
        Assert.That(kills.Select(k => k.Pid).Distinct().Count(), Is.EqualTo(3), "the shell, then two busybox kill processes");
    }

    private async Task<IReadOnlyList<ProbeEvent>> RecordAsync(string script)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync(script, SandboxCgroups.Parent);
        await using var session = await _monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);

        Assert.That(recording.Health.Problem, Is.Null);
        return recording.Events;
    }
}
