using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>
/// Records sandboxes' processes, file and socket calls from the host kernel with ONE bpftrace (tracepoints only) for
/// every sandbox of this process: invisible to the targets, watching each container's cgroup before its first
/// instruction. The tracer starts with the first attach (or <see cref="StartAsync"/>) and lives until disposal; a
/// tracer that died is replaced at the next attach.
/// </summary>
/// <param name="options">Tuning; null for the defaults.</param>
/// <param name="docker">
/// When given, AttachAsync inspects the container: it refuses one outside <see cref="SandboxCgroups.Parent"/> (its
/// processes would not be seen) and takes the configured working directory as a fallback for resolving relative
/// paths. Without it, the working directory comes from watching the runtime's own chdir alone.
/// </param>
public sealed class BpftraceMonitor(BpftraceMonitorOptions? options = null, IDockerClient? docker = null) : IProcessMonitor, IAsyncDisposable
{
    private readonly BpftraceMonitorOptions _options = options ?? new BpftraceMonitorOptions();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SharedTracer? _tracer;
    private bool _disposed;

    /// <summary>How long the current tracer took to compile and attach.</summary>
    public TimeSpan? AttachDuration => _tracer?.AttachDuration;

    /// <summary>Starts the tracer now, so the first sandbox does not wait for it to compile and attach.</summary>
    /// <exception cref="MonitorAttachException">bpftrace failed or did not attach in time.</exception>
    public async Task StartAsync(CancellationToken cancellationToken) => await TracerAsync(cancellationToken);

    public async Task<IMonitorSession> AttachAsync(string containerId, Phase phase, CancellationToken cancellationToken) =>
        await AttachSessionAsync(containerId, phase, cancellationToken);

    /// <summary>As <see cref="AttachAsync"/>, typed, for callers that want the session's details (cgroup, tracer pid).</summary>
    /// <exception cref="MonitorAttachException">The cgroup could not be prepared, or bpftrace failed or did not attach in time.</exception>
    public async Task<BpftraceSession> AttachSessionAsync(string containerId, Phase phase, CancellationToken cancellationToken)
    {
        if (containerId.Length != 64 || !containerId.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException($"'{containerId}' is not a full container id", nameof(containerId));
        }

        var workingDirectory = docker is null ? null : await InspectAsync(containerId, cancellationToken);
        var tracer = await TracerAsync(cancellationToken);
        // The tracer starts watching inside this mkdir: before the container can start.
        var cgroup = CgroupLeaf.Create(_options.UnifiedCgroupRoot, containerId);
        // Measured per session, so the offset of a long-lived tracer's clocks cannot drift (NTP slews the wall clock).
        var clock = MonotonicClock.Now();
        var assembler = new EventAssembler(
            new EventAssemblerOptions(MonitorScript.StringLength, _options.MaxEvents, workingDirectory, _options.ReorderWindow),
            clock);
        var session = new BpftraceSession(tracer, assembler, clock, cgroup, phase, containerId);
        tracer.Register(cgroup.Id, session);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _disposed = true;
            if (_tracer is not null)
            {
                await _tracer.DisposeAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SharedTracer> TracerAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_tracer is { IsAlive: true } alive)
            {
                return alive;
            }

            if (_tracer is not null)
            {
                // Its live sessions were told it failed; they keep their reference for the report.
                await _tracer.DisposeAsync();
            }

            _tracer = await SharedTracer.StartAsync(_options, cancellationToken);
            return _tracer;
        }
        finally
        {
            _gate.Release();
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
