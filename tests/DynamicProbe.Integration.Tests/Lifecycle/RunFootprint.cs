using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Lifecycle;

/// <summary>
/// Everything one <c>dynamicprobe</c> process made, sampled every 100 ms while it runs: its containers (with their
/// image, root file system mount and network namespace mount), the processes inside them, its bpftrace processes,
/// its scratch folders and the host mounts of all these. <see cref="AssertNothingLeftAsync"/> then checks that none
/// of it is still there.
/// </summary>
internal sealed class RunFootprint : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly DockerEngine _engine;
    private readonly string _scenario;
    private readonly int _cliPid;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ContainerInspectResponse> _containers = [];
    private readonly HashSet<int> _tracers = [];
    private readonly HashSet<string> _scratchFolders = [];
    private readonly HashSet<string> _mounts = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private List<(string Container, int Pid, IReadOnlyList<string> Argv)> _sandboxProcesses = [];

    public RunFootprint(DockerEngine engine, string scenario, int cliPid)
    {
        _engine = engine;
        _scenario = scenario;
        _cliPid = cliPid;
        _sampler = Task.Run(SampleUntilStoppedAsync);
    }

    public IReadOnlyCollection<int> Tracers
    {
        get
        {
            lock (_gate)
            {
                return [.. _tracers];
            }
        }
    }

    public IReadOnlyCollection<string> Mounts
    {
        get
        {
            lock (_gate)
            {
                return [.. _mounts];
            }
        }
    }

    /// <summary>Processes running now (at the last sample) inside one of the run's containers, with that container's image.</summary>
    public IReadOnlyList<(string Image, int Pid, IReadOnlyList<string> Argv)> SandboxProcesses
    {
        get
        {
            lock (_gate)
            {
                return [.. _sandboxProcesses.Select(p => (_containers[p.Container].Config.Image, p.Pid, p.Argv))];
            }
        }
    }

    /// <summary>The images of the run's containers that exist now, asked of the engine at the call.</summary>
    public async Task<IReadOnlyList<string>> LiveImagesAsync() => [.. (await ListContainersAsync()).Select(c => c.Image)];

    /// <summary>Samples until <paramref name="condition"/> holds; fails the test (naming <paramref name="what"/>) after 3 minutes.</summary>
    public async Task WaitUntilAsync(Func<RunFootprint, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!condition(this))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "never saw " + what);
            await Task.Delay(Interval);
        }
    }

    /// <summary>Stops sampling, then asserts that no container, cgroup leaf, tracer, scratch folder or mount of the run is left.</summary>
    public async Task AssertNothingLeftAsync()
    {
        await StopAsync();
        var containers = await ListContainersAsync();
        var leaves = _containers.Keys.SelectMany(CgroupLeavesOf).Where(Directory.Exists).ToList();
        // A tracer already exiting (killed, its memory released: no command line left) is on its way out, not left behind.
        var tracers = _tracers.Where(p => HostProcs.Comm(p) == "bpftrace" && HostProcs.Argv(p).Count > 0).ToList();
        var folders = _scratchFolders.Where(Directory.Exists).ToList();
        var mounts = MountLines().Where(IsOurs).ToList();
        TestContext.Progress.WriteLine(
            $"  the run had {_containers.Count} container(s), {_tracers.Count} tracer(s), {_scratchFolders.Count} scratch folder(s), {_mounts.Count} mount(s)");

        Assert.Multiple(() =>
        {
            Assert.That(containers.Select(c => $"{c.ID[..12]} {c.Image} {c.State}"), Is.Empty, "containers were left behind");
            Assert.That(leaves, Is.Empty, "cgroup leaves were left behind");
            Assert.That(tracers, Is.Empty, "bpftrace processes were left behind");
            Assert.That(folders, Is.Empty, "scratch folders were left behind");
            Assert.That(mounts, Is.Empty, "mounts were left behind");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _sampler;
    }

    private async Task SampleUntilStoppedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await SampleAsync();
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SampleAsync()
    {
        var live = await ListContainersAsync();
        foreach (var container in live.Where(c => !_containers.ContainsKey(c.ID)))
        {
            try
            {
                var inspected = await _engine.Client.Containers.InspectContainerAsync(container.ID);
                lock (_gate)
                {
                    _containers[container.ID] = inspected;
                }
            }
            catch (DockerContainerNotFoundException)
            {
                // Created and removed between the list and the inspect: it left nothing to check for.
            }
        }

        var liveIds = live.Select(c => c.ID).Where(_containers.ContainsKey).ToList();
        var pids = HostProcs.All().ToList();
        var inside = pids
            .Select(pid => (Container: liveIds.FirstOrDefault(id => HostProcs.Cgroups(pid).Contains(id, StringComparison.Ordinal)), Pid: pid))
            .Where(p => p.Container is not null)
            .Select(p => (p.Container!, p.Pid, HostProcs.Argv(p.Pid)))
            .ToList();
        var tracers = pids.Where(p => HostProcs.Comm(p) == "bpftrace" && HostProcs.HasAncestor(p, _cliPid));
        var folders = Directory.Exists(ScratchFolder.DefaultRoot)
            ? Directory.GetDirectories(ScratchFolder.DefaultRoot).Where(f => ScratchFolder.ReadOwner(f)?.Pid == _cliPid)
            : [];
        lock (_gate)
        {
            _sandboxProcesses = inside;
            _tracers.UnionWith(tracers);
            _scratchFolders.UnionWith(folders);
        }

        var mounts = MountLines().Where(IsOurs).ToList();
        lock (_gate)
        {
            _mounts.UnionWith(mounts);
        }
    }

    private async Task<IList<ContainerListResponse>> ListContainersAsync() =>
        await _engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Scenario}={_scenario}"] = true } },
        });

    /// <summary>A mount line naming a container's root file system or network namespace, or one of the run's scratch folders.</summary>
    private bool IsOurs(string mountLine)
    {
        lock (_gate)
        {
            var keys = _containers.Values
                .SelectMany(c => new[] { MergedDirOf(c), c.NetworkSettings?.SandboxKey, c.ID })
                .Concat(_scratchFolders)
                .OfType<string>()
                .Where(k => k.Length > 0);
            return keys.Any(k => mountLine.Contains(k, StringComparison.Ordinal));
        }
    }

    private static string? MergedDirOf(ContainerInspectResponse container) =>
        container.GraphDriver?.Data is { } data && data.TryGetValue("MergedDir", out var merged) ? merged : null;

    /// <summary>The host's mounts, as PID 1 sees them (Docker's own mounts are made in that namespace).</summary>
    private static IEnumerable<string> MountLines() => File.ReadAllLines("/proc/1/mountinfo");

    /// <summary>The container's leaf in every cgroup hierarchy: each v1 controller and the unified one, or the v2 root.</summary>
    private static IEnumerable<string> CgroupLeavesOf(string containerId) =>
        Directory.GetDirectories("/sys/fs/cgroup")
            .Append("/sys/fs/cgroup")
            .Select(hierarchy => Path.Combine(hierarchy, "dynamicprobe", containerId));
}
