using System.Diagnostics;
using Docker.DotNet.Models;
using DynamicProbe.Core.Events;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring;
using DynamicProbe.Sandbox.Monitoring.Bpftrace;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Monitoring;

/// <summary>
/// The real monitor (bpftrace on this kernel) attached to real containers of the busybox test image: one shared
/// tracer for the fixture, as a dynamicprobe process has.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class BpftraceMonitorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private DockerEngine _engine = null!;
    private BpftraceMonitor _monitor = null!;
    private readonly List<string> _containers = [];

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _engine = DockerEngine.FromEnvironment();
        await _engine.EnsureReachableAsync(CancellationToken.None);
        await BusyboxImage.EnsureAsync(_engine.Client, CancellationToken.None);
        _monitor = new BpftraceMonitor(docker: _engine.Client);
        await _monitor.StartAsync(CancellationToken.None);
        TestContext.Progress.WriteLine($"bpftrace attached in {_monitor.AttachDuration!.Value.TotalSeconds:0.0} s");
    }

    [TearDown]
    public async Task RemoveContainersAsync()
    {
        foreach (var id in _containers)
        {
            await _engine.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
        }

        _containers.Clear();
    }

    [OneTimeTearDown]
    public async Task DisconnectAsync()
    {
        await _monitor.DisposeAsync();
        _engine.Dispose();
    }

    [Test]
    public async Task A_shell_workload_is_recorded_exactly_with_paths_resolved_and_runtime_setup_left_out()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync(
            "echo hi > a.txt; mkdir d; cd d; mv ../a.txt b.txt; cat b.txt; rm b.txt; cd ..; rmdir d; nc 192.0.2.1 443 </dev/null; exit 4",
            SandboxCgroups.Parent);
        var session = await _monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);
        await RemoveContainersAsync();
        await session.DisposeAsync();

        Assert.That(recording.Health.Problem, Is.Null);
        Assert.That(recording.Phase, Is.EqualTo(Phase.Run));
        var files = recording.Events.OfType<FileEvent>().Select(f => (f.Operation, f.Path, f.SecondPath, f.Succeeded));
        Assert.That(files, Is.EqualTo(new (FileOperation, string, string?, bool)[]
        {
            (FileOperation.Write, "/tmp/a.txt", null, true),
            (FileOperation.Mkdir, "/tmp/d", null, true),
            (FileOperation.Rename, "/tmp/a.txt", "/tmp/d/b.txt", true),
            (FileOperation.Read, "/tmp/d/b.txt", null, true),
            (FileOperation.Unlink, "/tmp/d/b.txt", null, true),
            (FileOperation.Rmdir, "/tmp/d", null, true),
            (FileOperation.Read, "/dev/null", null, true),
        }));
        var execs = recording.Events.OfType<ProcessExecEvent>().Select(e => (e.Path, string.Join(' ', e.Argv)));
        Assert.That(execs, Is.EqualTo(new[]
        {
            ("/bin/sh", "sh -c " + Workload(recording)),
            ("/proc/self/exe", "cat b.txt"),
            ("/proc/self/exe", "nc 192.0.2.1 443"),
        }));
        var connect = recording.Events.OfType<NetworkEvent>().Single();
        Assert.That((connect.Operation, connect.Endpoint, connect.Result), Is.EqualTo((NetworkOperation.Connect, "192.0.2.1:443", -101)));
        var shell = recording.Events.OfType<ProcessExecEvent>().First().Pid;
        Assert.That(recording.Events.OfType<ProcessExitEvent>().Single(e => e.Pid == shell).ExitCode, Is.EqualTo(4));
        Assert.That(recording.Events.Select(e => e.Time), Is.Ordered);
        Assert.That(session.CgroupRemoved, Is.True);
    }

    [Test]
    public async Task A_docker_exec_command_is_recorded_in_the_working_directory_it_asked_for()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync("sleep 3", SandboxCgroups.Parent);
        await using var session = await _monitor.AttachSessionAsync(id, Phase.Build, timeout.Token);
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        var exec = await _engine.Client.Exec.ExecCreateContainerAsync(
            id, new ContainerExecCreateParameters { Cmd = ["sh", "-c", "cat hostname > /dev/null; mkdir -p x"], WorkingDir = "/etc" }, timeout.Token);
        using (await _engine.Client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, timeout.Token))
        {
            while ((await _engine.Client.Exec.InspectContainerExecAsync(exec.ID, timeout.Token)).Running)
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);

        Assert.That(recording.Health.Problem, Is.Null);
        var execs = recording.Events.OfType<ProcessExecEvent>().Select(e => string.Join(' ', e.Argv));
        Assert.That(execs, Is.EqualTo(new[] { "sh -c sleep 3", "sleep 3", "sh -c cat hostname > /dev/null; mkdir -p x", "cat hostname" }));
        var files = recording.Events.OfType<FileEvent>().Select(f => (f.Operation, f.Path));
        Assert.That(files, Is.EqualTo(new[] { (FileOperation.Write, "/dev/null"), (FileOperation.Read, "/etc/hostname"), (FileOperation.Mkdir, "/etc/x") }));
    }

    [Test]
    public async Task A_tracer_killed_mid_session_yields_an_incomplete_recording_and_the_next_attach_starts_a_new_one()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync("sleep 2; echo done > /tmp/late.txt", SandboxCgroups.Parent);
        await using var monitor = new BpftraceMonitor(docker: _engine.Client);

        await using var session = await monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        HostProcesses.Signal(session.TracerPid, 9);
        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);
        var next = await monitor.AttachSessionAsync(await CreateAsync("true", SandboxCgroups.Parent), Phase.Run, timeout.Token);

        Assert.That(recording.Health.IsComplete, Is.False);
        Assert.That(recording.Health.Failure, Does.Contain("bpftrace's output ended with code 137"));
        Assert.That(recording.Events.OfType<FileEvent>().Select(f => f.Path), Does.Not.Contain("/tmp/late.txt"));
        Assert.That(next.TracerPid, Is.Not.EqualTo(session.TracerPid));
        await next.DisposeAsync();
    }

    [Test]
    public async Task Disposing_the_monitor_kills_the_tracer_and_removes_its_script_and_a_session_its_cgroup()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync("true", SandboxCgroups.Parent);
        var monitor = new BpftraceMonitor(docker: _engine.Client);

        var session = await monitor.AttachSessionAsync(id, Phase.Build, timeout.Token);
        var tracer = Process.GetProcessById(session.TracerPid);
        var scratch = Directory.GetDirectories(ScratchFolder.DefaultRoot, $"monitor-{Environment.ProcessId}-*")
            .Where(folder => File.ReadAllText(Path.Combine(folder, "monitor.bt")).Length > 0 && IsScriptOf(tracer, folder)).ToList();
        var leaf = Path.Combine(SandboxCgroups.UnifiedRoot, SandboxCgroups.Parent.Trim('/'), id);
        Assert.That((scratch.Count, Directory.Exists(leaf)), Is.EqualTo((1, true)));
        Assert.That(session.CgroupId, Is.Not.Zero);

        await session.DisposeAsync();
        Assert.That(Directory.Exists(leaf), Is.False);
        Assert.That(tracer.HasExited, Is.False, "a session's end must not stop the shared tracer");
        await monitor.DisposeAsync();

        Assert.That(tracer.WaitForExit(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(Directory.Exists(scratch[0]), Is.False);
    }

    [Test]
    public async Task Two_sandboxes_at_once_on_one_tracer_each_get_only_their_own_events()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var alpha = await CreateAsync("for i in 1 2 3 4 5 6 7 8; do echo a > /tmp/alpha-$i; sleep 0.1; done", SandboxCgroups.Parent);
        var bravo = await CreateAsync("for i in 1 2 3 4 5 6 7 8; do echo b > /tmp/bravo-$i; sleep 0.1; done", SandboxCgroups.Parent);

        var sessions = await Task.WhenAll(
            _monitor.AttachSessionAsync(alpha, Phase.Run, timeout.Token), _monitor.AttachSessionAsync(bravo, Phase.Run, timeout.Token));
        await Task.WhenAll(
            _engine.Client.Containers.StartContainerAsync(alpha, new ContainerStartParameters(), timeout.Token),
            _engine.Client.Containers.StartContainerAsync(bravo, new ContainerStartParameters(), timeout.Token));
        await Task.WhenAll(
            _engine.Client.Containers.WaitContainerAsync(alpha, timeout.Token), _engine.Client.Containers.WaitContainerAsync(bravo, timeout.Token));
        var recordings = await Task.WhenAll(sessions.Select(s => s.StopAsync(timeout.Token)));
        await RemoveContainersAsync();
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        var written = recordings.Select(r => r.Events.OfType<FileEvent>().Where(f => f.Path.StartsWith("/tmp/", StringComparison.Ordinal)).Select(f => f.Path).ToList()).ToList();
        Assert.That(recordings.Select(r => r.Health.Problem), Is.All.Null);
        Assert.That(written[0], Is.EqualTo(Enumerable.Range(1, 8).Select(i => $"/tmp/alpha-{i}")));
        Assert.That(written[1], Is.EqualTo(Enumerable.Range(1, 8).Select(i => $"/tmp/bravo-{i}")));
        Assert.That(OverlapOf(recordings[0], recordings[1]), Is.GreaterThan(TimeSpan.Zero), "the two sandboxes did not run at the same time");
    }

    [Test]
    public async Task A_programs_first_action_is_recorded_and_its_last_ones_are_drained_without_stopping_the_tracer()
    {
        using var timeout = new CancellationTokenSource(Patience);
        // No shell: the entrypoint's own open is the first thing the container does; the burst of 300 writes ends
        // the program, so only the drain barrier stands between them and a cut recording.
        var first = await CreateAsync(["cat", "/etc/hostname"], SandboxCgroups.Parent);
        var burst = await CreateAsync(["sh", "-c", "i=0; while [ $i -lt 300 ]; do : > /tmp/f$i; i=$((i+1)); done"], SandboxCgroups.Parent);

        var recordings = new List<PhaseRecording>();
        foreach (var id in new[] { first, burst })
        {
            var session = await _monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
            await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
            await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
            recordings.Add(await session.StopAsync(timeout.Token));
            await session.DisposeAsync();
        }

        Assert.That(recordings.Select(r => r.Health.Problem), Is.All.Null);
        var firstEvents = recordings[0].Events.Select(e => e switch
        {
            ProcessExecEvent exec => "exec " + string.Join(' ', exec.Argv),
            FileEvent file => "open " + file.Path,
            _ => e.GetType().Name,
        }).Take(2);
        Assert.That(firstEvents, Is.EqualTo(new[] { "exec cat /etc/hostname", "open /etc/hostname" }));
        Assert.That(recordings[1].Events.OfType<FileEvent>().Count(f => f.Path.StartsWith("/tmp/f", StringComparison.Ordinal)), Is.EqualTo(300));
    }

    [Test]
    public async Task A_canary_after_long_padding_in_argv_and_in_a_deep_path_is_seen_whole()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var padding = new string('p', 250);
        var deep = "/tmp/" + string.Join('/', Enumerable.Repeat("a-directory-name-thirty-bytes", 10));
        var id = await CreateAsync(["sh", "-c", $"mkdir -p {deep} && echo x > {deep}/CANARY-in-path && /bin/echo {padding} CANARY-in-argv", "--"], SandboxCgroups.Parent);

        await using var session = await _monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);

        Assert.That(recording.Health.Problem, Is.Null);
        var echo = recording.Events.OfType<ProcessExecEvent>().Single(e => e.Path == "/bin/echo");
        Assert.That((echo.Argv, echo.ArgvTruncated), Is.EqualTo((new[] { "/bin/echo", padding, "CANARY-in-argv" }, false)));
        var write = recording.Events.OfType<FileEvent>().Single(f => f.Path.EndsWith("CANARY-in-path", StringComparison.Ordinal));
        Assert.That((write.Path, write.PathTruncated), Is.EqualTo(($"{deep}/CANARY-in-path", false)));
    }

    [Test]
    public async Task A_flood_of_the_same_open_is_folded_so_a_later_read_is_still_recorded_within_the_event_limit()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync(
            "i=0; while [ $i -lt 8000 ]; do : < /etc/hostname; i=$((i+1)); done; cat /etc/hosts > /dev/null", SandboxCgroups.Parent);
        // Without folding, the flood alone would pass this limit and the recording would be incomplete. The flood
        // is small enough (about 40 000 records, 3 MB) for the kernel's buffers to hold it all even if the reader
        // stalled, so what is tested is the folding, not how fast this machine reads.
        await using var monitor = new BpftraceMonitor(new BpftraceMonitorOptions { MaxEvents = 5_000 }, _engine.Client);

        await using var session = await monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);

        Assert.That(recording.Health.Problem, Is.Null);
        var files = recording.Events.OfType<FileEvent>().Select(f => f.Path).ToList();
        Assert.That(files.Count(p => p == "/etc/hostname"), Is.LessThan(10));
        Assert.That(files, Does.Contain("/etc/hosts"));
        Assert.That(recording.Events.OfType<FileEvent>().Where(f => f.Path == "/etc/hostname").Sum(f => f.Times), Is.GreaterThanOrEqualTo(8000),
            "every open of the flood is counted on the events that stand for it");
    }

    private static TimeSpan OverlapOf(PhaseRecording a, PhaseRecording b)
    {
        var start = a.Events[0].Time > b.Events[0].Time ? a.Events[0].Time : b.Events[0].Time;
        var end = a.Events[^1].Time < b.Events[^1].Time ? a.Events[^1].Time : b.Events[^1].Time;
        return end - start;
    }

    private static bool IsScriptOf(Process tracer, string folder) =>
        File.ReadAllText($"/proc/{tracer.Id}/cmdline").Contains(folder, StringComparison.Ordinal);

    [Test]
    public async Task A_container_outside_the_sandbox_cgroup_parent_is_refused()
    {
        var id = await CreateAsync("true", cgroupParent: null);
        var error = Assert.ThrowsAsync<MonitorAttachException>(() => _monitor.AttachAsync(id, Phase.Run, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("CgroupParent").And.Contain(SandboxCgroups.Parent));
    }

    private static string Workload(PhaseRecording recording) =>
        recording.Events.OfType<ProcessExecEvent>().First().Argv[^1];

    private Task<string> CreateAsync(string script, string? cgroupParent) => CreateAsync(["sh", "-c", script], cgroupParent);

    private async Task<string> CreateAsync(IList<string> command, string? cgroupParent)
    {
        var created = await _engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = BusyboxImage.Name,
            Cmd = command,
            WorkingDir = "/tmp",
            Labels = TestLabels.ForTest("monitor").ToDictionary(),
            HostConfig = new HostConfig { NetworkMode = "none", CgroupParent = cgroupParent },
        });
        _containers.Add(created.ID);
        return created.ID;
    }
}
