using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>A busybox shell doing cd and relative opens, rename, unlink, a hostile file name, a long argv and a connect.</summary>
public class ShellWorkloadFixtureTests
{
    private const int Shell = 14190;
    private EventAssembler _assembler = null!;

    [SetUp]
    public void Assemble() => _assembler = MonitorFixtures.Assemble("shell-workload.jsonl", "/tmp");

    [Test]
    public void File_calls_come_out_in_order_with_paths_resolved_against_the_working_directory()
    {
        var files = _assembler.OfType<FileEvent>().Select(f => (f.Operation, f.Path, f.SecondPath, f.Result)).ToList();

        Assert.That(files, Is.EqualTo(new (FileOperation, string, string?, int)[]
        {
            (FileOperation.Read, "/wl1.sh", null, 3),
            (FileOperation.Write, "/tmp/start.txt", null, 3),
            (FileOperation.Mkdir, "/tmp/work", null, 0),
            (FileOperation.Write, "/tmp/work/rel.txt", null, 3),
            (FileOperation.Write, "/dev/null", null, 3),
            (FileOperation.Read, "/tmp/work/rel.txt", null, 3),
            (FileOperation.Read, "/tmp/work/rel.txt", null, 3),
            (FileOperation.Rename, "/tmp/work/rel.txt", "/tmp/work/renamed.txt", 0),
            (FileOperation.Unlink, "/tmp/work/renamed.txt", null, 0),
            (FileOperation.Rmdir, "/tmp/work", null, 0),
            (FileOperation.Write, "/tmp/we\"ird\nna\udcffme", null, 3),
            (FileOperation.Unlink, "/tmp/we\"ird\nna\udcffme", null, 0),
            (FileOperation.Read, "/dev/null", null, 3),
        }));
    }

    [Test]
    public void Open_flags_decide_read_or_write_and_are_kept()
    {
        var start = _assembler.OfType<FileEvent>().Single(f => f.Path == "/tmp/start.txt");

        Assert.That(start.Flags, Is.EqualTo(0x241)); // O_WRONLY|O_CREAT|O_TRUNC
        Assert.That(start.Process, Is.EqualTo("/bin/sh"));
        Assert.That(start.Pid, Is.EqualTo(Shell));
    }

    [Test]
    public void The_working_directory_comes_from_the_runtimes_chdir_when_no_fallback_is_given()
    {
        var assembler = MonitorFixtures.Assemble(MonitorFixtures.Lines("shell-workload.jsonl"), workingDirectory: null);

        Assert.That(assembler.OfType<FileEvent>().Select(f => f.Path), Does.Contain("/tmp/start.txt"));
    }

    [Test]
    public void Execs_carry_exact_argv_and_the_caller_as_process()
    {
        var execs = _assembler.OfType<ProcessExecEvent>();

        Assert.That(execs.Select(e => (e.Pid, e.Process, e.Path, string.Join(' ', e.Argv), e.Result)), Is.EqualTo(new[]
        {
            (Shell, "/bin/sh", "/bin/sh", "sh /wl1.sh", 0),
            (14228, "/bin/sh", "/proc/self/exe", "cat ./rel.txt ../work/rel.txt", 0),
            (14234, "/bin/sh", "/bin/true", "/bin/true " + string.Join(' ', Enumerable.Range(1, 19).Select(i => $"a{i}")), 0),
            (14235, "/bin/sh", "/proc/self/exe", "nc 192.0.2.1 443", 0),
        }));
    }

    [Test]
    public void An_argv_longer_than_twenty_elements_is_marked_truncated()
    {
        var execs = _assembler.OfType<ProcessExecEvent>();

        Assert.That(execs.Single(e => e.Path == "/bin/true").ArgvTruncated, Is.True);
        Assert.That(execs.Where(e => e.Path != "/bin/true").Select(e => e.ArgvTruncated), Is.All.False);
    }

    [Test]
    public void A_connect_without_network_fails_with_enetunreach()
    {
        var connect = _assembler.OfType<NetworkEvent>().Single();

        Assert.That(
            (connect.Operation, connect.Family, connect.Endpoint, connect.Result, connect.Pid, connect.Process),
            Is.EqualTo((NetworkOperation.Connect, AddressFamily.Inet, "192.0.2.1:443", -101, 14235, "/proc/self/exe")));
    }

    [Test]
    public void Forks_and_exits_pair_up_with_exit_codes()
    {
        var forked = _assembler.OfType<ProcessForkEvent>().Select(f => f.ChildPid).ToList();
        var exits = _assembler.OfType<ProcessExitEvent>().ToDictionary(e => e.Pid, e => e.ExitCode);

        Assert.That(forked, Is.EqualTo(Enumerable.Range(14227, 9)));
        Assert.That(exits.Keys, Is.EquivalentTo(forked.Append(Shell)));
        Assert.That(exits[Shell], Is.EqualTo(3));
        Assert.That(exits[14235], Is.EqualTo(1), "nc could not connect");
    }

    [Test]
    public void Runtime_setup_before_the_entrypoint_exec_is_left_out()
    {
        var first = _assembler.Events[0];
        var paths = _assembler.OfType<FileEvent>().Select(f => f.Path);

        Assert.That(first, Is.TypeOf<ProcessExecEvent>().With.Property(nameof(ProcessExecEvent.Path)).EqualTo("/bin/sh"));
        Assert.That(paths, Has.None.Contains("/var/lib/docker").And.None.StartsWith("/proc/self"));
        Assert.That(_assembler.Events.Select(e => e.Pid), Is.All.InRange(Shell, 14235));
    }

    [Test]
    public void The_recording_is_complete_and_in_time_order()
    {
        var times = _assembler.Events.Select(e => e.Time).ToList();

        Assert.That(_assembler.Problems.Describe(), Is.Null);
        Assert.That((_assembler.LostEvents, _assembler.DroppedEvents), Is.EqualTo((0L, 0L)));
        Assert.That(times, Is.Ordered);
        Assert.That(times[0], Is.EqualTo(MonitorFixtures.Epoch.AddTicks(1900881919149 / 100)));
    }
}
