using System.Diagnostics;
using Docker.DotNet.Models;
using DynamicProbe.Core.Events;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring;
using DynamicProbe.Sandbox.Monitoring.Bpftrace;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Monitoring;

/// <summary>The real monitor (bpftrace on this kernel) attached to real containers of the busybox test image.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BpftraceMonitorTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private DockerEngine _engine = null!;
    private readonly List<string> _containers = [];

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _engine = DockerEngine.FromEnvironment();
        await _engine.EnsureReachableAsync(CancellationToken.None);
        await BusyboxImage.EnsureAsync(_engine.Client, CancellationToken.None);
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
    public void Disconnect() => _engine.Dispose();

    [Test]
    public async Task A_shell_workload_is_recorded_exactly_with_paths_resolved_and_runtime_setup_left_out()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync(
            "echo hi > a.txt; mkdir d; cd d; mv ../a.txt b.txt; cat b.txt; rm b.txt; cd ..; rmdir d; nc 192.0.2.1 443 </dev/null; exit 4",
            SandboxCgroups.Parent);
        var monitor = new BpftraceMonitor(docker: _engine.Client);

        await using var session = await monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
        TestContext.Out.WriteLine($"bpftrace attached in {session.AttachDuration.TotalSeconds:0.0} s");
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);

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
        var monitor = new BpftraceMonitor(docker: _engine.Client);

        await using var session = await monitor.AttachSessionAsync(id, Phase.Build, timeout.Token);
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
    public async Task A_tracer_killed_mid_session_yields_an_incomplete_recording()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync("sleep 2; echo done > /tmp/late.txt", SandboxCgroups.Parent);
        var monitor = new BpftraceMonitor(docker: _engine.Client);

        await using var session = await monitor.AttachSessionAsync(id, Phase.Run, timeout.Token);
        await _engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), timeout.Token);
        HostProcesses.Signal(session.TracerPid, 9);
        await _engine.Client.Containers.WaitContainerAsync(id, timeout.Token);
        var recording = await session.StopAsync(timeout.Token);

        Assert.That(recording.Health.IsComplete, Is.False);
        Assert.That(recording.Health.Failure, Does.Contain("bpftrace exited with code 137").And.Contain("END marker"));
        Assert.That(recording.Events.OfType<FileEvent>().Select(f => f.Path), Does.Not.Contain("/tmp/late.txt"));
    }

    [Test]
    public async Task Disposing_a_session_kills_the_tracer_and_removes_its_script_and_cgroup()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var id = await CreateAsync("true", SandboxCgroups.Parent);
        var monitor = new BpftraceMonitor(docker: _engine.Client);

        var session = await monitor.AttachSessionAsync(id, Phase.Build, timeout.Token);
        var tracer = Process.GetProcessById(session.TracerPid);
        var scratch = Directory.GetDirectories(ScratchFolder.DefaultRoot, $"monitor-{id[..12]}-*");
        var leaf = Path.Combine(SandboxCgroups.UnifiedRoot, SandboxCgroups.Parent.Trim('/'), id);
        Assert.That((scratch.Length, Directory.Exists(leaf)), Is.EqualTo((1, true)));
        Assert.That(session.CgroupId, Is.Not.Zero);

        await session.DisposeAsync();

        Assert.That(tracer.WaitForExit(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(Directory.Exists(scratch[0]), Is.False);
        Assert.That(Directory.Exists(leaf), Is.False);
    }

    [Test]
    public async Task A_container_outside_the_sandbox_cgroup_parent_is_refused()
    {
        var id = await CreateAsync("true", cgroupParent: null);
        var monitor = new BpftraceMonitor(docker: _engine.Client);

        var error = Assert.ThrowsAsync<MonitorAttachException>(() => monitor.AttachAsync(id, Phase.Run, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("CgroupParent").And.Contain(SandboxCgroups.Parent));
    }

    private static string Workload(PhaseRecording recording) =>
        recording.Events.OfType<ProcessExecEvent>().First().Argv[^1];

    private async Task<string> CreateAsync(string script, string? cgroupParent)
    {
        var created = await _engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = BusyboxImage.Name,
            Cmd = ["sh", "-c", script],
            WorkingDir = "/tmp",
            Labels = TestLabels.ForTest("monitor").ToDictionary(),
            HostConfig = new HostConfig { NetworkMode = "none", CgroupParent = cgroupParent },
        });
        _containers.Add(created.ID);
        return created.ID;
    }
}
