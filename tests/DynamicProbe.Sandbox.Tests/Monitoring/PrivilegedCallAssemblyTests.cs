using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>PRIVILEGED, PRIVSTRING and FORKRET records (monitor.bt kinds 60, 18, 7) on hand-written lines.</summary>
public class PrivilegedCallAssemblyTests
{
    private const int App = 500;
    private const int Level = 1;
    private const int AtCwd = -100;
    private const long MinusOne = 0xffffffff; // an int argument as glibc passes it: zero-extended

    private static byte[] Tuple(params object[] fields) =>
        Encoding.UTF8.GetBytes($$"""{"type": "value", "data": [{{string.Join(",", fields.Select(f => f is string s ? JsonSerializer.Serialize(s) : f.ToString()))}}]}""");

    private static long Pack(int high, int low) => ((long)high << 32) | (uint)low;

    private static byte[] Exec(long ns, int pid, string path) => Tuple(ns, pid, pid, 1, Level, 0, path);

    private static byte[] Fork(long ns, int parent, int child) => Tuple(ns, parent, parent, 5, child, "app");

    private static byte[] ForkReturn(long ns, int parent, int namespacePid, int level = Level) => Tuple(ns, parent, parent, 7, namespacePid, level);

    /// <param name="self">The caller's pid in its own namespace.</param>
    private static byte[] Privileged(long ns, int pid, int number, long a, long b = 0, long c = 0, int result = 0, int self = 1) =>
        Tuple(ns, pid, pid, 60, number, a, b, c, result, Pack(self, self), Level);

    private static byte[] String(long ns, int pid, int number, string text, int result = 0) => Tuple(ns, pid, pid, 18, number, result, text);

    private static EventAssembler Run(params byte[][] lines) => MonitorFixtures.Assemble([Exec(10, App, "/bin/app"), .. lines], "/work");

    private static PrivilegedCallEvent Single(EventAssembler assembler)
    {
        Assert.That(assembler.Problems.Describe(), Is.Null);
        return assembler.OfType<PrivilegedCallEvent>().Single();
    }

    private static (PrivilegedCall, string, long, int, bool) Summary(PrivilegedCallEvent call) =>
        (call.Call, call.Target, call.Argument, call.Result, call.TargetIsOwn);

    [Test]
    public void A_kill_of_a_forked_child_names_it_by_its_namespace_pid_and_is_own()
    {
        var call = Single(Run(
            Fork(100, App, 501), ForkReturn(101, App, 42), Exec(110, 501, "/bin/sleep"), Privileged(120, App, 62, 42, 9)));

        Assert.That(Summary(call), Is.EqualTo((PrivilegedCall.Kill, "pid 42 (/bin/sleep)", 9L, 0, true)));
        Assert.That((call.Pid, call.Process), Is.EqualTo((App, "/bin/app")));
    }

    [Test]
    public void Every_process_and_another_group_are_never_own_and_its_own_group_is()
    {
        var calls = Run(
            Privileged(100, App, 62, MinusOne, 15), Privileged(110, App, 62, 0, 15), Privileged(120, App, 62, 0xfffffcd4, 9, result: -3))
            .OfType<PrivilegedCallEvent>().Select(Summary);

        Assert.That(calls, Is.EqualTo(new[]
        {
            (PrivilegedCall.Kill, "pid -1 (every process)", 15L, 0, false),
            (PrivilegedCall.Kill, "pid 0 (its own process group)", 15L, 0, true),
            (PrivilegedCall.Kill, "process group 812", 9L, -3, false),
        }));
    }

    [Test]
    public void A_sibling_or_the_parent_is_not_own_even_when_known_and_an_unknown_pid_is_named_bare()
    {
        var calls = Run(
            Fork(100, App, 501), ForkReturn(101, App, 42), Fork(102, App, 502), ForkReturn(103, App, 43),
            Privileged(105, App, 101, 16, 42), Privileged(106, App, 101, 0x4206, 43),
            Privileged(110, 502, 62, 42, 9, self: 43), Privileged(111, 502, 62, 1, 0, self: 43), Privileged(112, 502, 62, 777, 9, result: -3, self: 43))
            .OfType<PrivilegedCallEvent>().Select(Summary);

        // The parent's namespace pid is known from what it said of itself in its own privileged calls.
        Assert.That(calls, Is.EqualTo(new[]
        {
            (PrivilegedCall.Ptrace, "pid 42 (/bin/app)", 16L, 0, true),
            (PrivilegedCall.Ptrace, "pid 43 (/bin/app)", 0x4206L, 0, true),
            (PrivilegedCall.Kill, "pid 42 (/bin/app)", 9L, 0, false),
            (PrivilegedCall.Kill, "pid 1 (/bin/app)", 0L, 0, false),
            (PrivilegedCall.Kill, "pid 777", 9L, -3, false),
        }));
    }

    [Test]
    public void A_grandchild_stays_own_after_its_parent_exited()
    {
        var call = Single(Run(
            Fork(100, App, 501), ForkReturn(101, App, 42),
            Fork(110, 501, 502), ForkReturn(111, 501, 43),
            Tuple(120, 501, 501, 6, 0),
            Privileged(130, App, 234, 43, 43, 10)));

        Assert.That(Summary(call), Is.EqualTo((PrivilegedCall.Kill, "pid 43 (/bin/app)", 10L, 0, true)));
    }

    [Test]
    public void A_pid_from_another_namespace_level_is_not_taken_for_the_target()
    {
        // runc forks the container's first process from the host namespace (level 0): that pid means nothing inside.
        var call = Single(Run(Fork(100, App, 501), ForkReturn(101, App, 42, level: 0), Privileged(110, App, 62, 42, 9)));

        Assert.That(Summary(call), Is.EqualTo((PrivilegedCall.Kill, "pid 42", 9L, 0, false)));
    }

    [Test]
    public void Ptrace_traceme_names_the_parent_and_is_not_own()
    {
        var call = Single(Run(Privileged(100, App, 101, 0, 0)));

        Assert.That(Summary(call), Is.EqualTo((PrivilegedCall.Ptrace, "its parent (PTRACE_TRACEME)", 0L, 0, false)));
    }

    [Test]
    public void Mounts_name_the_resolved_mount_point_with_the_type_or_what_the_flags_make_of_it()
    {
        var tmpfs = BitConverter.ToInt64("tmpfs\0\0\0"u8);
        var calls = Run(
            String(100, App, 165, "/mnt", -1), Privileged(101, App, 165, 0x8000, tmpfs, 1, -1),
            String(110, App, 165, "sub", -1), Privileged(111, App, 165, 0x1000, 0, 1, -1),
            String(120, App, 166, "/mnt", -1), Privileged(121, App, 166, 2, 0, 1, -1),
            Tuple(130, App, App, 10, Pack(AtCwd, 0x10000), 7, "/target"),
            String(131, App, 429, "x", -1), Privileged(132, App, 429, 7, 4, 1, -1),
            String(140, App, 430, "overlay", -1), Privileged(141, App, 430, 1, 0, 1, -1),
            Privileged(150, App, 432, 9, 0, 0, -1),
            Privileged(160, App, 165, 0, 0, 0, -14))
            .OfType<PrivilegedCallEvent>().Select(Summary);

        Assert.That(calls, Is.EqualTo(new[]
        {
            (PrivilegedCall.Mount, "/mnt (tmpfs)", 0x8000L, -1, false),
            (PrivilegedCall.Mount, "/work/sub (bind)", 0x1000L, -1, false),
            (PrivilegedCall.Umount, "/mnt", 2L, -1, false),
            (PrivilegedCall.Mount, "/target/x (move_mount)", 4L, -1, false),
            (PrivilegedCall.Mount, "a new overlay file system (fsopen)", 1L, -1, false),
            (PrivilegedCall.Mount, "<fd 9> (fsmount)", 0L, -1, false),
            (PrivilegedCall.Mount, "(null)", 0L, -14, false),
        }));
    }

    [Test]
    public void A_mount_point_longer_than_str_length_is_joined_from_its_continuations()
    {
        var deep = "/tmp/" + new string('d', 300);
        var call = Single(Run(
            String(100, App, 165, deep[..159], -1), Tuple(-24, App, App, 159, 165, -1, deep[159..]), Privileged(101, App, 165, 0, 0, 1, -1)));

        Assert.That(call.Target, Is.EqualTo(deep));
    }

    [Test]
    public void Unshare_and_setns_name_the_namespaces_and_setns_the_file_its_fd_came_from()
    {
        var calls = Run(
            Privileged(100, App, 272, 0x10020000, result: -1),
            Tuple(110, App, App, 10, Pack(AtCwd, 0x80000), 5, "/proc/1/ns/net"),
            Privileged(111, App, 308, 5, 0x40000000, result: -1),
            Privileged(112, App, 308, 5, 0, result: -1))
            .OfType<PrivilegedCallEvent>().Select(Summary);

        Assert.That(calls, Is.EqualTo(new[]
        {
            (PrivilegedCall.Unshare, "CLONE_NEWUSER|CLONE_NEWNS", 0x10020000L, -1, false),
            (PrivilegedCall.Setns, "/proc/1/ns/net (CLONE_NEWNET)", 0x40000000L, -1, false),
            (PrivilegedCall.Setns, "/proc/1/ns/net", 0L, -1, false),
        }));
    }

    [Test]
    public void Modules_and_file_capabilities_name_the_file_or_the_module()
    {
        var calls = Run(
            Tuple(100, App, App, 10, Pack(AtCwd, 0), 4, "evil.ko"),
            Privileged(101, App, 313, 4, 0, 0, -1),
            Privileged(102, App, 175, 0x7f0000001000, 4096, 0, -1),
            String(103, App, 176, "evil", -1), Privileged(104, App, 176, 0x800, 0, 1, -1),
            String(110, App, 188, "/usr/bin/tool", -1), Privileged(111, App, 188, 0xffffff9c, 0, 1, -1),
            Tuple(120, App, App, 10, Pack(AtCwd, 2), 6, "/work/bin"),
            Privileged(121, App, 190, 6, 0, 0, -1))
            .OfType<PrivilegedCallEvent>().Select(Summary);

        Assert.That(calls, Is.EqualTo(new[]
        {
            (PrivilegedCall.ModuleLoad, "/work/evil.ko", 0L, -1, false),
            (PrivilegedCall.ModuleLoad, "a module image from memory (4096 bytes)", 0L, -1, false),
            (PrivilegedCall.ModuleUnload, "evil", 0x800L, -1, false),
            (PrivilegedCall.SetCapability, "/usr/bin/tool", 0L, -1, false),
            (PrivilegedCall.SetCapability, "/work/bin", 0L, -1, false),
        }));
    }

    [Test]
    public void Set_id_calls_name_every_id_asked_for_and_keep_the_effective_one()
    {
        var calls = Run(
            Privileged(100, App, 105, 0, result: -1),
            Privileged(101, App, 117, MinusOne, 0, MinusOne, -1),
            Privileged(102, App, 114, 1000, MinusOne),
            Privileged(103, App, 123, 5, result: 1000))
            .OfType<PrivilegedCallEvent>().Select(c => (c.Call, c.Target, c.Argument));

        Assert.That(calls, Is.EqualTo(new[]
        {
            (PrivilegedCall.SetUserId, "uid 0", 0L),
            (PrivilegedCall.SetUserId, "ruid -1, euid 0, suid -1", 0L),
            (PrivilegedCall.SetUserId, "rgid 1000, egid -1", 1000L),
            (PrivilegedCall.SetUserId, "fsgid 5", 5L),
        }));
    }

    [Test]
    public void A_missing_string_or_unreadable_arguments_are_problems_not_silent_losses()
    {
        var assembler = Run(Privileged(100, App, 165, 0, 0, 1, -1), Tuple(110, App, App, 61, 272, -1));

        Assert.That(assembler.OfType<PrivilegedCallEvent>(), Is.Empty);
        Assert.That(assembler.Problems.Describe(), Does.Contain("privileged call without its path").And.Contain("privileged call whose arguments could not be read"));
    }

    [Test]
    public void The_runtimes_own_privileged_calls_before_the_containers_first_exec_are_left_out()
    {
        var assembler = MonitorFixtures.Assemble(
            [String(100, 400, 165, "/proc", 0), Privileged(101, 400, 165, 0x4000, 0, 1, 0), Privileged(102, 400, 105, 0), Exec(110, 400, "/bin/app"),
             Tuple(120, 400, 400, 21, Pack(AtCwd, AtCwd), 0, "/work/old")],
            "/work");

        Assert.That(assembler.OfType<PrivilegedCallEvent>(), Is.Empty);
        Assert.That(assembler.Problems.Describe(), Does.Contain("Rename without its new name"), "runc's mount point must not pair with a later record");
    }
}
