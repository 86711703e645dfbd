using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>A busybox shell as root with Docker's default capabilities and seccomp: kills, chmod u+s and g+s, refused mounts, umount, unshare and setns.</summary>
public class PrivilegedCallsFixtureTests
{
    private EventAssembler _assembler = null!;

    [SetUp]
    public void Assemble() => _assembler = MonitorFixtures.Assemble("privileged-calls.jsonl", "/tmp");

    [Test]
    public void Each_call_comes_out_with_its_target_argument_and_result_and_runcs_own_setup_is_left_out()
    {
        var calls = _assembler.OfType<PrivilegedCallEvent>().Select(c => (c.Call, c.Target, c.Argument, c.Error, c.TargetIsOwn));

        Assert.That(calls, Is.EqualTo(new (PrivilegedCall, string, long, string?, bool)[]
        {
            (PrivilegedCall.Kill, "pid 6 (/proc/self/exe)", 9, null, true),
            (PrivilegedCall.Mount, "/tmp (tmpfs)", 0x8000, "EPERM", false),
            (PrivilegedCall.Mount, "/tmp (bind)", 0x9000, "EPERM", false),
            (PrivilegedCall.Umount, "/tmp", 0, "EPERM", false),
            (PrivilegedCall.Unshare, "CLONE_NEWUSER", 0x10000000, "EPERM", false),
            (PrivilegedCall.Unshare, "CLONE_NEWNS|CLONE_NEWNET", 0x40020000, "EPERM", false),
            (PrivilegedCall.Setns, "/proc/1/ns/mnt (CLONE_NEWNS)", 0x20000, "EPERM", false),
            (PrivilegedCall.Kill, "pid 17 (/proc/self/exe)", 9, null, true),
            (PrivilegedCall.Kill, "pid 19 (/proc/self/exe)", 9, null, false),
            (PrivilegedCall.Kill, "pid 1 (/bin/sh)", 0, null, false),
            (PrivilegedCall.Kill, "pid -1 (every process)", 9, null, false),
        }));
        Assert.That(_assembler.Problems.Describe(), Is.Null);
    }

    [Test]
    public void Chmod_u_s_and_g_s_keep_their_mode_and_each_is_a_set_id_bit_action()
    {
        var chmods = _assembler.OfType<FileEvent>().Where(f => f.Operation == FileOperation.Chmod).ToList();

        // g+s keeps the setuid bit u+s set: the mode has both.
        Assert.That(chmods.Select(c => (c.Path, c.Flags & 0xfff)), Is.EqualTo(new[] { ("/tmp/f", 0x9a4), ("/tmp/f", 0xda4) }));
        Assert.That(
            chmods.Select(c => ActionExtractor.Extract(c).Count(a => a.Kind == ActionKind.PrivilegedCall && a.Subject.EndsWith("-bit", StringComparison.Ordinal))),
            Is.EqualTo(new[] { 1, 1 }));
    }
}
