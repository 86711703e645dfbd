using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>A static C program making *at calls through dirfds, fd juggling, socket calls, forks and execveat.</summary>
public class SyscallsFixtureTests
{
    private const int Program = 14753;
    private EventAssembler _assembler = null!;

    [SetUp]
    public void Assemble() => _assembler = MonitorFixtures.Assemble("syscalls.jsonl", "/");

    private FileEvent File(FileOperation operation, string path) =>
        _assembler.OfType<FileEvent>().Single(f => f.Operation == operation && f.Path == path);

    [Test]
    public void At_calls_resolve_against_the_directory_their_fd_was_opened_on()
    {
        Assert.That(File(FileOperation.Write, "/tmp/d/a.txt").Result, Is.EqualTo(4));
        Assert.That(File(FileOperation.Mkdir, "/tmp/d/sub").Flags, Is.EqualTo(0x1c0));
        Assert.That(File(FileOperation.Rename, "/tmp/d/a.txt").SecondPath, Is.EqualTo("/tmp/d/sub/b.txt"));
        Assert.That(File(FileOperation.Link, "/tmp/d/sub/b.txt").SecondPath, Is.EqualTo("/tmp/d/hard"));
        Assert.That(File(FileOperation.Chmod, "/tmp/d/sub/b.txt").Flags, Is.EqualTo(0x180));
        Assert.That(File(FileOperation.Unlink, "/tmp/d/sl").Result, Is.Zero);
        Assert.That(File(FileOperation.Rmdir, "/tmp/d/sub").Result, Is.EqualTo(-39), "ENOTEMPTY");
    }

    [Test]
    public void A_symlink_reports_the_link_resolved_and_its_target_as_written()
    {
        var symlink = File(FileOperation.Symlink, "/tmp/d/sl");

        Assert.That(symlink.SecondPath, Is.EqualTo("../etc/target"));
    }

    [Test]
    public void Duplicated_fds_and_fchdir_keep_resolving_to_the_same_directory()
    {
        Assert.That(File(FileOperation.Read, "/tmp/d/x").Result, Is.EqualTo(-2), "openat(dup2'd fd 9, x)");
        Assert.That(File(FileOperation.Read, "/tmp/y").Result, Is.EqualTo(-2), "openat(F_DUPFD_CLOEXEC'd fd, ../y)");
        Assert.That(File(FileOperation.Write, "/tmp/d/rel").Result, Is.EqualTo(4), "open(rel) after fchdir");
        Assert.That(File(FileOperation.Chmod, "/tmp/d/rel").Flags, Is.EqualTo(0x1a4), "fchmod on the fd of rel");
    }

    [Test]
    public void An_unknown_dirfd_gives_a_visibly_unresolved_path()
    {
        Assert.That(File(FileOperation.Read, "<fd 77>/nope").Result, Is.EqualTo(-9), "EBADF");
    }

    [Test]
    public void Socket_calls_carry_their_addresses_results_and_sizes()
    {
        var network = _assembler.OfType<NetworkEvent>().Select(n => (n.Operation, n.Endpoint, n.Result, n.Bytes));

        Assert.That(network, Is.EqualTo(new (NetworkOperation, string, int, long?)[]
        {
            (NetworkOperation.SendTo, "192.0.2.53:53", -101, 5),
            (NetworkOperation.SendTo, "198.51.100.7:123", -101, 8),
            (NetworkOperation.Bind, "127.0.0.1:8080", 0, null),
            (NetworkOperation.Listen, "127.0.0.1:8080", 0, null),
            (NetworkOperation.Connect, "[2001:db8::1]:443", -99, null),
            (NetworkOperation.Bind, "/tmp/d/s.sock", 0, null),
            (NetworkOperation.Listen, "/tmp/d/s.sock", 0, null),
            (NetworkOperation.Connect, "@abstract-name", -111, null),
        }));
    }

    [Test]
    public void Exit_codes_follow_exit_status_and_signals()
    {
        var exits = _assembler.OfType<ProcessExitEvent>().Select(e => e.ExitCode);

        Assert.That(exits, Is.EqualTo(new[] { 7, 137, 0, 0, 5 }));
    }

    [Test]
    public void Execveat_by_path_and_by_fd_resolve_to_the_file_run()
    {
        var execs = _assembler.OfType<ProcessExecEvent>().Where(e => e.Pid != Program).ToList();

        Assert.That(execs.Select(e => (e.Path, string.Join(' ', e.Argv), e.Result, e.Process)), Is.EqualTo(new[]
        {
            ("/bin/true", "true via-execveat", 0, "/syscalls"),
            ("/bin/busybox", "true via-fexecve", 0, "/syscalls"),
        }));
    }

    [Test]
    public void A_failed_exec_is_reported_with_its_errno_and_resolved_path()
    {
        var failed = _assembler.OfType<ProcessExecEvent>().Single(e => e.Result != 0);

        Assert.That((failed.Pid, failed.Path, string.Join(' ', failed.Argv), failed.Result), Is.EqualTo((Program, "/tmp/d/no-such-binary", "missing", -2)));
    }
}
