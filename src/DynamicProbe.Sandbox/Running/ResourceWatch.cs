using System.Diagnostics;
using System.Globalization;
using DynamicProbe.Core.Resources;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Gathers a run's <see cref="ResourceUsage"/> from the host while the steps run: samples the cgroup's CPU time and
/// the writable file systems' use every <see cref="SampleInterval"/> (each sample marked with the step in progress and
/// whether it ran a program in the foreground), counts what steps printed beyond the capture, and finds processes
/// adopted by the sandbox's init: orphans of a step (double fork, <c>setsid</c>, <c>nohup</c>), since a step's own
/// processes are children of the container runtime, outside the sandbox's pid namespace.
/// </summary>
internal sealed class ResourceWatch : IAsyncDisposable
{
    public const string AfterLastStep = "wait for escaped processes after the last step";

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>About four hours of samples; beyond that the oldest half is dropped rather than memory growing.</summary>
    private const int MaxSamples = 60_000;

    private readonly object gate = new();
    private readonly ContainerCgroup cgroup;
    private readonly int initPid;
    private readonly IReadOnlyList<string> mountPoints;
    private readonly ResourceUsage limits;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource stop = new();
    private readonly List<CpuSample> samples = [];
    private readonly Dictionary<string, DiskUsage> disks = [];
    private readonly List<OutputVolume> floods = [];
    private readonly List<EscapedProcess> escapees = [];
    private readonly Task sampling;
    private string step = "start-up";
    private bool foreground;

    /// <param name="mountPoints">The sandbox's writable file systems, as the sandbox names them.</param>
    /// <param name="limits">The sandbox's limits, as a usage with no figures yet.</param>
    public ResourceWatch(ContainerCgroup cgroup, int initPid, IReadOnlyList<string> mountPoints, ResourceUsage limits)
    {
        this.cgroup = cgroup;
        this.initPid = initPid;
        this.mountPoints = mountPoints;
        this.limits = limits;
        sampling = SampleAsync();
    }

    /// <summary>Marks the step now in progress, so samples say whether the scenario was only waiting.</summary>
    public void Enter(string label, bool runsInForeground)
    {
        Sample();
        lock (gate)
        {
            step = label;
            foreground = runsInForeground;
        }

        Sample();
    }

    /// <summary>Notes a stream a step printed more on than the capture kept.</summary>
    public void AddOutput(string label, string stream, BoundedCapture capture)
    {
        if (capture.Truncated)
        {
            lock (gate)
            {
                floods.Add(new OutputVolume(label, stream, capture.TotalBytes, capture.Limit));
            }
        }
    }

    /// <summary>Records, as escaped from <paramref name="label"/>, the init's children not seen before; true when any still run.</summary>
    public bool FindEscapees(string label)
    {
        var living = HostProcesses.Children(initPid);
        lock (gate)
        {
            foreach (var pid in living.Where(pid => escapees.All(e => e.Pid != pid)))
            {
                escapees.Add(new EscapedProcess(pid, HostProcesses.CommandLineOf(pid), label, KilledAtTimeout: false));
            }
        }

        return living.Count > 0;
    }

    /// <summary>The escapees still running when the scenario timeout struck: they are killed with the sandbox.</summary>
    public void MarkSurvivorsKilled()
    {
        var living = HostProcesses.Children(initPid).ToHashSet();
        lock (gate)
        {
            for (var i = 0; i < escapees.Count; i++)
            {
                if (living.Contains(escapees[i].Pid))
                {
                    escapees[i] = escapees[i] with { KilledAtTimeout = true };
                }
            }
        }
    }

    /// <summary>The figures so far, with the cgroup's counters read now.</summary>
    public ResourceUsage Usage()
    {
        Sample();
        lock (gate)
        {
            return limits with
            {
                OomKills = cgroup.OomKills(),
                RefusedForks = cgroup.PidsLimitHits(),
                PeakMemoryBytes = cgroup.PeakMemoryBytes(),
                CpuSeconds = cgroup.CpuSeconds(),
                CpuSamples = [.. samples],
                OutputFloods = [.. floods],
                Disks = [.. disks.Values],
                Escapees = [.. escapees],
            };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Sample();
            await Task.Delay(SampleInterval, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Sample()
    {
        var used = mountPoints
            .Select(m => (MountPoint: m, Space: DiskSpace.Of($"/proc/{initPid.ToString(CultureInfo.InvariantCulture)}/root{m}")))
            .ToList();
        lock (gate)
        {
            // Read under the lock, so samples taken from two threads stay in time order.
            if (cgroup.CpuSeconds() is { } seconds)
            {
                if (samples.Count >= MaxSamples)
                {
                    samples.RemoveRange(0, MaxSamples / 2);
                }

                samples.Add(new CpuSample(clock.Elapsed, seconds, foreground, step));
            }

            foreach (var (mountPoint, space) in used)
            {
                if (space is { } s && (!disks.TryGetValue(mountPoint, out var seen) || s.Used > seen.PeakUsedBytes))
                {
                    disks[mountPoint] = new DiskUsage(mountPoint, s.Size, s.Used);
                }
            }
        }
    }
}
