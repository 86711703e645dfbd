using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>The assembler on hand-written records, for the cases a real run rarely shows.</summary>
public class EventAssemblerTests
{
    private const int Pid = 500;
    private const int AtCwd = -100;
    private const int CloseOnExec = 0x80000;

    /// <summary>A tuple line as bpftrace prints it.</summary>
    private static byte[] Tuple(params object[] fields) =>
        Encoding.UTF8.GetBytes($$"""{"type": "value", "data": [{{string.Join(",", fields.Select(f => f is string s ? JsonSerializer.Serialize(s) : f.ToString()))}}]}""");

    private static long Pack(int high, int low) => ((long)high << 32) | (uint)low;

    /// <summary>A container process: exec'd inside the container's pid namespace.</summary>
    private static byte[] Exec(long ns, int pid, string path) => Tuple(ns, pid, pid, 1, 1, 0, path);

    private static byte[] Open(long ns, int dirfd, int flags, int result, string path, int pid = Pid) =>
        Tuple(ns, pid, pid, 10, Pack(dirfd, flags), result, path);

    private static EventAssembler Run(params byte[][] lines) => MonitorFixtures.Assemble(lines, "/work");

    private static IEnumerable<string> Paths(EventAssembler assembler) => assembler.OfType<FileEvent>().Select(f => f.Path);

    [Test]
    public void Records_printed_out_of_kernel_order_are_put_back_in_order()
    {
        var assembler = Run(
            Exec(100, Pid, "/bin/app"),
            Open(300, AtCwd, 0, 3, "late.txt"),
            Tuple(200, Pid, Pid, 14, Pack(AtCwd, 0), 0, "/elsewhere"));

        Assert.That(Paths(assembler), Is.EqualTo(new[] { "/elsewhere/late.txt" }));
    }

    [Test]
    public void Fchmod_of_a_socket_before_bind_changes_no_file_and_after_bind_names_the_socket_file()
    {
        var assembler = Run(
            Exec(100, Pid, "/bin/app"),
            Tuple(105, Pid, Pid, 34, 9),
            Tuple(106, Pid, Pid, 16, Pack(9, 0x180), 0),
            Tuple(110, Pid, Pid, 20, "/tmp/dotnet-diagnostic-1-socket"),
            Tuple(111, Pid, Pid, 42, Pack(9, 1), 0, 0, 0),
            Tuple(120, Pid, Pid, 16, Pack(9, 0x180), 0));

        var chmod = assembler.OfType<FileEvent>().Single();
        Assert.That(chmod.Operation, Is.EqualTo(FileOperation.Chmod));
        Assert.That(chmod.Path, Is.EqualTo("/tmp/dotnet-diagnostic-1-socket"));
    }

    [Test]
    public void Close_on_exec_fds_are_forgotten_at_exec_and_others_kept()
    {
        var assembler = Run(
            Exec(100, Pid, "/bin/app"),
            Open(110, AtCwd, CloseOnExec, 5, "/gone"),
            Open(120, AtCwd, 0, 6, "/kept"),
            Exec(130, Pid, "/bin/next"),
            Open(140, 5, 0, -2, "a"),
            Open(150, 6, 0, -2, "b"));

        Assert.That(Paths(assembler).Skip(2), Is.EqualTo(new[] { "<fd 5>/a", "/kept/b" }));
        Assert.That(assembler.OfType<FileEvent>().Last().Process, Is.EqualTo("/bin/next"));
    }

    [Test]
    public void A_closed_fd_no_longer_resolves()
    {
        var assembler = Run(
            Exec(100, Pid, "/bin/app"),
            Open(110, AtCwd, 0, 5, "/dir"),
            Tuple(120, Pid, Pid, 30, 5),
            Open(130, 5, 0, -9, "x"));

        Assert.That(Paths(assembler).Last(), Is.EqualTo("<fd 5>/x"));
    }

    [Test]
    public void A_forked_child_inherits_working_directory_and_fds()
    {
        var assembler = Run(
            Exec(100, Pid, "/bin/app"),
            Open(110, AtCwd, 0, 5, "/dir"),
            Tuple(120, Pid, Pid, 5, 501, "app"),
            Open(130, 5, 0, 3, "x", pid: 501),
            Open(140, AtCwd, 0, 4, "y", pid: 501));

        Assert.That(Paths(assembler).Skip(1), Is.EqualTo(new[] { "/dir/x", "/work/y" }));
        Assert.That(assembler.OfType<FileEvent>().Last().Process, Is.EqualTo("/bin/app"));
    }

    [Test]
    public void Runtime_processes_stay_untracked_until_an_exec_inside_the_containers_pid_namespace()
    {
        var assembler = Run(
            Open(100, AtCwd, 0, 3, "/runc/setup", pid: 400),
            Tuple(110, 400, 400, 1, 0, 0, "/dev/fd/6"),
            Tuple(120, 400, 400, 5, Pid, "runc:[2:INIT]"),
            Open(130, AtCwd, 0, 3, "/still/runc"),
            Exec(140, Pid, "/entrypoint"),
            Open(150, AtCwd, 0, 3, "/target/file"));

        Assert.That(assembler.Events.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(ProcessExecEvent), nameof(FileEvent) }));
        Assert.That(Paths(assembler), Is.EqualTo(new[] { "/target/file" }));
        Assert.That(assembler.OfType<ProcessExecEvent>().Single().ParentPid, Is.EqualTo(400));
        Assert.That(assembler.ContainerExecs, Is.EqualTo(1));
    }

    [Test]
    public void Lost_events_are_summed()
    {
        var assembler = Run(
            """{"type": "lost_events", "data": {"events": 78}}"""u8.ToArray(),
            """{"type": "lost_events", "data": {"events": 1}}"""u8.ToArray());

        Assert.That(assembler.LostEvents, Is.EqualTo(79));
    }

    [Test]
    public void Events_over_the_limit_are_counted_as_dropped()
    {
        var lines = new List<byte[]> { Exec(100, Pid, "/bin/app") };
        lines.AddRange(Enumerable.Range(0, 10).Select(i => Open(200 + i, AtCwd, 0, 3, $"/f{i}")));

        var assembler = MonitorFixtures.Assemble(lines, "/", maxEvents: 4);

        Assert.That(assembler.Events, Has.Count.EqualTo(4));
        Assert.That(assembler.DroppedEvents, Is.EqualTo(7));
    }

    [Test]
    public void Records_that_cannot_be_understood_are_counted_with_an_example_never_dropped_silently()
    {
        var assembler = Run(
            Exec(100, Pid, "/bin/app"),
            "garbage"u8.ToArray(),
            Tuple(110, Pid, Pid, 99, 1),
            Tuple(-2, 777, 777, 0, AtCwd, -2, "orphan argv"),
            Tuple(120, Pid, Pid, 21, Pack(AtCwd, AtCwd), 0, "old-without-new"),
            Tuple(130, Pid, Pid, 10, "not a number", 3, "x"),
            """{"type": "printf", "data": "surprise\n"}"""u8.ToArray());

        Assert.That(assembler.Problems.Count, Is.EqualTo(6));
        Assert.That(assembler.Problems.Describe(), Does.Contain("unknown record").And.Contain("continuation record (Argv) without its record")
            .And.Contain("Rename without its new name").And.Contain("malformed Open record").And.Contain("unexpected printf")
            .And.Contain("expected a value"));
    }

    [Test]
    public void A_process_with_an_unknown_working_directory_gets_unresolved_relative_paths()
    {
        var assembler = MonitorFixtures.Assemble([Exec(100, Pid, "/bin/app"), Open(110, AtCwd, 0, 3, "rel")], workingDirectory: null);

        Assert.That(Paths(assembler), Is.EqualTo(new[] { "<cwd unknown>/rel" }));
    }

    [Test]
    public void Listen_without_a_seen_bind_names_any_address()
    {
        var assembler = Run(Exec(100, Pid, "/bin/app"), Tuple(110, Pid, Pid, 43, 7, 0));

        Assert.That(assembler.OfType<NetworkEvent>().Single().Endpoint, Is.EqualTo("*:0"));
    }

    /// <summary>An exec's argv area as monitor.bt prints it: ARGVBYTES records of 24 little-endian words.</summary>
    private static IEnumerable<byte[]> ArgvBytes(int pid, params string[] argv)
    {
        var area = argv.SelectMany(a => Encoding.UTF8.GetBytes(a).Append((byte)0)).ToArray();
        for (var offset = 0; offset < area.Length; offset += 192)
        {
            var chunk = new byte[192];
            area.AsSpan(offset, Math.Min(192, area.Length - offset)).CopyTo(chunk);
            var words = Enumerable.Range(0, 24).Select(w => (object)BitConverter.ToInt64(chunk, w * 8));
            yield return Tuple([-25, pid, pid, offset, area.Length, .. words]);
        }
    }

    private static byte[] ExecWithArgv(long ns, int pid, string path, params string[] argv) =>
        Tuple(ns, pid, pid, 1, 1, argv.Sum(a => Encoding.UTF8.GetByteCount(a) + 1), path);

    [Test]
    public void An_argument_far_past_str_length_arrives_whole_whether_argv_comes_before_or_after_its_exec()
    {
        var padding = new string('p', 250);
        string[] argv = ["/bin/echo", padding, "CANARY-tail"];

        var after = Run([ExecWithArgv(100, Pid, "/bin/echo", argv), .. ArgvBytes(Pid, argv)]);
        var before = Run([.. ArgvBytes(Pid, argv), ExecWithArgv(100, Pid, "/bin/echo", argv)]);

        foreach (var assembler in new[] { after, before })
        {
            var exec = assembler.OfType<ProcessExecEvent>().Single();
            Assert.That(exec.Argv, Is.EqualTo(argv));
            Assert.That(exec.ArgvTruncated, Is.False);
            Assert.That(assembler.Problems.Describe(), Is.Null);
        }
    }

    [Test]
    public void Argv_bytes_that_never_came_make_a_problem_not_a_silently_short_argv()
    {
        var assembler = Run(ExecWithArgv(100, Pid, "/bin/echo", "/bin/echo", "x"), Open(110, AtCwd, 0, 3, "/f"));

        Assert.That(assembler.OfType<ProcessExecEvent>().Single().ArgvTruncated, Is.True);
        Assert.That(assembler.Problems.Describe(), Does.Contain("exec without all of its argv"));
    }

    [Test]
    public void A_path_longer_than_str_length_is_joined_from_its_continuations()
    {
        var deep = "/tmp/" + string.Join('/', Enumerable.Repeat("directory-name-of-some-length", 12)) + "/canary.txt";
        var bytes = Encoding.UTF8.GetBytes(deep);
        var parts = bytes.Chunk(159).Select(c => Encoding.UTF8.GetString(c)).ToList();
        var lines = new List<byte[]> { Exec(100, Pid, "/bin/app"), Open(110, AtCwd, 0x41, 3, parts[0]) };
        lines.AddRange(parts.Skip(1).Select((part, i) => Tuple(-24, Pid, Pid, 159 * (i + 1), Pack(AtCwd, 0x41), 3, part)));

        var assembler = Run([.. lines]);

        var write = assembler.OfType<FileEvent>().Single();
        Assert.That((write.Path, write.PathTruncated, write.Operation), Is.EqualTo((deep, false, FileOperation.Write)));
        Assert.That(assembler.Problems.Describe(), Is.Null);
    }

    [Test]
    public void A_path_that_reached_path_max_is_marked_truncated()
    {
        var part = new string('L', 159);
        var lines = new List<byte[]> { Exec(100, Pid, "/bin/app"), Open(110, AtCwd, 0, -36, part) };
        lines.AddRange(Enumerable.Range(1, 25).Select(i => Tuple(-24, Pid, Pid, 159 * i, Pack(AtCwd, 0), -36, part)));

        var open = Run([.. lines]).OfType<FileEvent>().Single();

        Assert.That((open.PathTruncated, open.Path.Length), Is.EqualTo((true, 159 * 26 + "/work/".Length)));
    }

    [Test]
    public void A_second_name_longer_than_str_length_is_joined_too()
    {
        var target = "/tmp/" + new string('n', 300);
        var lines = new List<byte[]>
        {
            Exec(100, Pid, "/bin/app"),
            Tuple(110, Pid, Pid, 20, target[..159]),
            Tuple(-26, Pid, Pid, 159, target[159..]),
            Tuple(111, Pid, Pid, 21, Pack(AtCwd, AtCwd), 0, "/tmp/old"),
        };

        var rename = Run([.. lines]).OfType<FileEvent>().Single();

        Assert.That((rename.Operation, rename.Path, rename.SecondPath), Is.EqualTo((FileOperation.Rename, "/tmp/old", target)));
    }

    [Test]
    public void Repeats_of_the_same_open_are_counted_on_its_event_and_keep_the_fd_table_without_new_events()
    {
        var lines = new List<byte[]> { Exec(100, Pid, "/bin/app"), Open(110, AtCwd, 0, 3, "/etc/passwd") };
        lines.AddRange(Enumerable.Range(0, 1000).SelectMany(i => new[] { Tuple(120 + (2 * i), Pid, Pid, 30, 3), Tuple(121 + (2 * i), Pid, Pid, 17, 3) }));
        lines.Add(Open(5000, 3, 0, -2, "x"));

        var assembler = Run([.. lines]);

        Assert.That(Paths(assembler), Is.EqualTo(new[] { "/etc/passwd", "/etc/passwd/x" }));
        Assert.That(assembler.Events.OfType<FileEvent>().Select(f => f.Repeats), Is.EqualTo(new int?[] { 1001, null }), "the open and its 1000 repeats");
        Assert.That(assembler.Problems.Describe(), Is.Null);
    }

    [Test]
    public void A_repeat_that_names_another_file_after_a_chdir_is_reported_as_that_file()
    {
        var assembler = Run(
            Exec(100, Pid, "/bin/app"),
            Tuple(105, Pid, Pid, 14, Pack(AtCwd, 0), 0, "/tmp"),
            Open(110, AtCwd, 0, 3, "credentials"),
            Tuple(115, Pid, Pid, 30, 3),
            Tuple(120, Pid, Pid, 14, Pack(AtCwd, 0), 0, "/home/probe/.aws"),
            Tuple(125, Pid, Pid, 17, 3));

        Assert.That(Paths(assembler), Is.EqualTo(new[] { "/tmp/credentials", "/home/probe/.aws/credentials" }));
        Assert.That(assembler.Events.OfType<FileEvent>().Select(f => f.Repeats), Is.All.Null);
    }

    [Test]
    public void A_repeat_without_its_open_is_a_problem()
    {
        var assembler = Run(Exec(100, Pid, "/bin/app"), Tuple(110, Pid, Pid, 17, 3));

        Assert.That(assembler.Problems.Describe(), Does.Contain("repeated open without its first"));
    }
}
