using System.Buffers.Binary;
using System.Globalization;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Reads a PRIVILEGED record (<c>nr, a, b, c, ret, own tgid|own tid, pidns level</c>, see monitor.bt) into a
/// <see cref="PrivilegedCallEvent"/>: which call, what it acted on in words, and for kill and ptrace whether the
/// target is the caller itself or one of its descendants.
/// <para>
/// kill and ptrace name their target by its pid in the caller's pid namespace, while records carry host pids. The
/// assembler learns each process's namespace pid from what its fork returned to its parent (FORKRET) and from what
/// it says of itself here; a target is own when it is the caller or a process with that namespace pid, at the
/// caller's namespace level, that the caller forked or descends from it. Only a descendant's pid can be learnt
/// so and only a living process is looked up, so a pid of anything else never reads as own.
/// </para>
/// </summary>
internal static class PrivilegedCallReader
{
    private const int AtCwd = -100;
    private const long PtraceTraceMe = 0;

    private static readonly (long Flag, string Name)[] CloneFlags =
    [
        (0x10000000, "CLONE_NEWUSER"), (0x20000, "CLONE_NEWNS"), (0x20000000, "CLONE_NEWPID"), (0x40000000, "CLONE_NEWNET"),
        (0x4000000, "CLONE_NEWUTS"), (0x8000000, "CLONE_NEWIPC"), (0x2000000, "CLONE_NEWCGROUP"), (0x80, "CLONE_NEWTIME"),
        (0x200, "CLONE_FS"), (0x400, "CLONE_FILES"), (0x40000, "CLONE_SYSVSEM"),
    ];

    /// <summary>The calls whose record follows a PRIVSTRING with their path or name when its <c>c</c> field is 1.</summary>
    public static bool CarriesString(long number) => number is 165 or 166 or 176 or 188 or 189 or 429 or 430;

    /// <param name="text">The call's string (PRIVSTRING), null when the call passed none.</param>
    /// <param name="byNamespacePid">A living tracked process by its namespace pid and that namespace's level.</param>
    public static PrivilegedCallEvent Read(
        TraceRecord record, ProcessState caller, DateTimeOffset time, TracedPath? text, Func<int, int, ProcessState?> byNamespacePid)
    {
        var number = record.Number(0);
        var (a, b, c) = (record.Number(1), record.Number(2), record.Number(3));
        var context = new Caller(caller, record.High(5), record.Int(6), byNamespacePid);
        (PrivilegedCall Call, string Target, long Argument, bool Own) read = number switch
        {
            62 => Signal(context, (int)a, b, "pid"),
            200 => Signal(context, (int)a, b, "thread"),
            234 => Signal(context, (int)a, c, "pid"),
            101 when a == PtraceTraceMe => (PrivilegedCall.Ptrace, "its parent (PTRACE_TRACEME)", a, false),
            101 => Ptrace(context, (int)b, a),
            165 => (PrivilegedCall.Mount, PathText(caller, AtCwd, text) + MountSuffix(a, b), (uint)a, false),
            166 => (PrivilegedCall.Umount, PathText(caller, AtCwd, text), (uint)a, false),
            429 => (PrivilegedCall.Mount, PathText(caller, (int)a, text) + " (move_mount)", b, false),
            430 => (PrivilegedCall.Mount, $"a new {text?.Text ?? "(null)"} file system (fsopen)", a, false),
            432 => (PrivilegedCall.Mount, $"{caller.Directory((int)a).Text} (fsmount)", b, false),
            272 => (PrivilegedCall.Unshare, FlagsText(a), a, false),
            308 => (PrivilegedCall.Setns, caller.Directory((int)a).Text + ((int)b == 0 ? "" : $" ({FlagsText((uint)b)})"), (uint)b, false),
            175 => (PrivilegedCall.ModuleLoad, Invariant($"a module image from memory ({b} bytes)"), 0L, false),
            313 => (PrivilegedCall.ModuleLoad, caller.Directory((int)a).Text, 0L, false),
            176 => (PrivilegedCall.ModuleUnload, text?.Text ?? "(null)", a, false),
            188 or 189 => (PrivilegedCall.SetCapability, PathText(caller, AtCwd, text), 0L, false),
            190 => (PrivilegedCall.SetCapability, caller.Directory((int)a).Text, 0L, false),
            105 or 106 or 113 or 114 or 117 or 119 or 122 or 123 => SetId(number, (int)a, (int)b, (int)c),
            _ => throw new FormatException(Invariant($"privileged call {number} is not one monitor.bt prints")),
        };
        return new PrivilegedCallEvent(time, record.Pid, caller.Name, read.Call, read.Target, read.Argument, record.Int(4), read.Own);
    }

    /// <summary>The caller's own ids as its pid namespace numbers them, and how to find others by theirs.</summary>
    private sealed record Caller(ProcessState Process, int OwnPid, int Level, Func<int, int, ProcessState?> ByNamespacePid)
    {
        /// <summary>In words (<c>pid 812 (/usr/bin/sleep)</c>) and whether it is the caller or one of its descendants.</summary>
        public (string Text, bool Own) Describe(int pid, string noun)
        {
            if (pid == OwnPid)
            {
                return (Invariant($"{noun} {pid} (itself)"), true);
            }

            var target = ByNamespacePid(pid, Level);
            return target is null
                ? (Invariant($"{noun} {pid}"), false)
                : (Invariant($"{noun} {pid} ({target.Name})"), target.Lineage.DescendsFrom(Process.Pid));
        }
    }

    /// <summary>kill's pid: -1 is every process it may signal, 0 its own process group, below -1 another group.</summary>
    private static (PrivilegedCall, string, long, bool) Signal(Caller caller, int pid, long signal, string noun)
    {
        var (text, own) = (noun, pid) switch
        {
            ("pid", -1) => ("pid -1 (every process)", false),
            ("pid", 0) => ("pid 0 (its own process group)", true),
            ("pid", < -1) => (Invariant($"process group {-(long)pid}"), false),
            _ => caller.Describe(pid, noun),
        };
        return (PrivilegedCall.Kill, text, (int)signal, own);
    }

    private static (PrivilegedCall, string, long, bool) Ptrace(Caller caller, int pid, long request)
    {
        var (text, own) = caller.Describe(pid, "pid");
        return (PrivilegedCall.Ptrace, text, request, own);
    }

    /// <summary>Set-id calls: the target names every id asked for (-1 leaves one unchanged); the argument is the effective one, else the first given.</summary>
    private static (PrivilegedCall, string, long, bool) SetId(long number, int first, int second, int third)
    {
        var kind = number is 105 or 113 or 117 or 122 ? "uid" : "gid";
        (string Name, int Id)[] ids = number switch
        {
            105 or 106 => [(kind, first)],
            122 or 123 => [("fs" + kind, first)],
            113 or 114 => [("r" + kind, first), ("e" + kind, second)],
            _ => [("r" + kind, first), ("e" + kind, second), ("s" + kind, third)],
        };
        var asked = ids.Length > 1 && ids[1].Id != -1 ? ids[1].Id : ids.Select(i => i.Id).FirstOrDefault(i => i != -1, -1);
        return (PrivilegedCall.SetUserId, string.Join(", ", ids.Select(i => Invariant($"{i.Name} {i.Id}"))), asked, false);
    }

    private static string PathText(ProcessState caller, int dirfd, TracedPath? path) =>
        path is { } name ? caller.Resolve(dirfd, name).Text : "(null)";

    /// <summary>The file system type (its first 8 bytes, as monitor.bt keeps them), or what the flags make of the call.</summary>
    private static string MountSuffix(long flags, long type)
    {
        if ((flags & 0x20) != 0)
        {
            return " (remount)";
        }

        if ((flags & 0x1000) != 0)
        {
            return " (bind)";
        }

        if ((flags & 0x2000) != 0)
        {
            return " (move)";
        }

        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, type);
        var end = bytes.IndexOf((byte)0);
        var name = TraceText.Decode(end < 0 ? bytes : bytes[..end]);
        return name.Length == 0 ? "" : $" ({name})";
    }

    private static string FlagsText(long flags)
    {
        var names = CloneFlags.Where(f => (flags & f.Flag) != 0).Select(f => f.Name).ToList();
        var rest = flags & ~CloneFlags.Aggregate(0L, (all, f) => all | f.Flag);
        if (rest != 0 || names.Count == 0)
        {
            names.Add("0x" + rest.ToString("x", CultureInfo.InvariantCulture));
        }

        return string.Join('|', names);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
