using System.Globalization;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Tracer;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>
/// Records one container's processes, file and socket calls from the host kernel with bpftrace (tracepoints only),
/// filtered on the container's cgroup v2 id: invisible to the target and attached before its first instruction.
/// </summary>
/// <param name="options">Tuning; null for the defaults.</param>
/// <param name="docker">
/// When given, AttachAsync inspects the container: it refuses one outside <see cref="SandboxCgroups.Parent"/> (its
/// processes would not be seen) and takes the configured working directory as a fallback for resolving relative
/// paths. Without it, the working directory comes from watching the runtime's own chdir alone.
/// </param>
public sealed class BpftraceMonitor(BpftraceMonitorOptions? options = null, IDockerClient? docker = null) : IProcessMonitor
{
    private readonly BpftraceMonitorOptions _options = options ?? new BpftraceMonitorOptions();

    public async Task<IMonitorSession> AttachAsync(string containerId, Phase phase, CancellationToken cancellationToken) =>
        await AttachSessionAsync(containerId, phase, cancellationToken);

    /// <summary>As <see cref="AttachAsync"/>, typed, for callers that want the session's details (attach time, tracer pid).</summary>
    /// <exception cref="MonitorAttachException">The cgroup could not be prepared, or bpftrace failed or did not attach in time.</exception>
    public async Task<BpftraceSession> AttachSessionAsync(string containerId, Phase phase, CancellationToken cancellationToken)
    {
        if (containerId.Length != 64 || !containerId.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{containerId}' is not a full container id", nameof(containerId));
        }

        var workingDirectory = docker is null ? null : await InspectAsync(containerId, cancellationToken);
        var cgroup = CgroupLeaf.Create(_options.UnifiedCgroupRoot, containerId);
        var scratch = ScratchFolder.Create(
            _options.ScratchRoot,
            string.Create(CultureInfo.InvariantCulture, $"monitor-{containerId[..12]}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"),
            OwnerIdentity.Current());
        BpftraceSession? session = null;
        try
        {
            var script = Path.Combine(scratch.Path, "monitor.bt");
            await File.WriteAllTextAsync(script, MonitorScript.Text(), cancellationToken);
            var clock = MonotonicClock.Now();
            var assembler = new EventAssembler(
                new EventAssemblerOptions(_options.StringLength, _options.MaxEvents, workingDirectory, _options.ReorderWindow),
                clock);
            var tracer = await TracerProcess.StartAsync(
                _options.SetprivPath,
                _options.BpftracePath,
                ["-f", "json", "-q", script, cgroup.Id.ToString(CultureInfo.InvariantCulture)],
                new Dictionary<string, string>
                {
                    ["BPFTRACE_STRLEN"] = _options.StringLength.ToString(CultureInfo.InvariantCulture),
                    ["BPFTRACE_PERF_RB_PAGES"] = _options.PerfBufferPages.ToString(CultureInfo.InvariantCulture),
                    ["BPFTRACE_MAP_KEYS_MAX"] = _options.MapKeysMax.ToString(CultureInfo.InvariantCulture),
                },
                cancellationToken);
            session = new BpftraceSession(tracer, assembler, clock, cgroup, scratch, phase, containerId, _options);
            await session.WaitUntilReadyAsync(_options.AttachTimeout, cancellationToken);
            return session;
        }
        catch
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
            else
            {
                cgroup.TryRemove();
                await scratch.DisposeAsync();
            }

            throw;
        }
    }

    /// <returns>The container's configured working directory.</returns>
    private async Task<string> InspectAsync(string containerId, CancellationToken cancellationToken)
    {
        ContainerInspectResponse container;
        try
        {
            container = await docker!.Containers.InspectContainerAsync(containerId, cancellationToken);
        }
        catch (DockerContainerNotFoundException error)
        {
            throw new MonitorAttachException($"container {containerId} does not exist", error);
        }

        if (container.HostConfig?.CgroupParent != SandboxCgroups.Parent)
        {
            throw new MonitorAttachException(
                $"container {containerId} has CgroupParent '{container.HostConfig?.CgroupParent}', not {SandboxCgroups.Parent}: the monitor would not see its processes");
        }

        if (container.State?.Running == true)
        {
            throw new MonitorAttachException($"container {containerId} is already running: attach before starting it, or its first actions are missed");
        }

        return string.IsNullOrEmpty(container.Config?.WorkingDir) ? "/" : container.Config.WorkingDir;
    }
}
