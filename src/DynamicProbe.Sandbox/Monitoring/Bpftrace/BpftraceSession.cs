using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>
/// One sandbox's recording from the shared tracer: the records of its cgroup, assembled as they arrive (never
/// buffered whole). <see cref="StopAsync"/> ends it with a drain barrier; the tracer goes on for other sandboxes.
/// </summary>
public sealed class BpftraceSession : IMonitorSession, ITraceSink
{
    private static readonly TimeSpan CgroupPatience = TimeSpan.FromSeconds(1);

    private readonly SharedTracer _tracer;
    private readonly EventAssembler _assembler;
    private readonly MonotonicClock _clock;
    private readonly CgroupLeaf _cgroup;
    private readonly Phase _phase;
    private readonly string _containerId;
    private string? _tracerFailure;
    private bool _stopped;
    private bool _disposed;

    internal BpftraceSession(SharedTracer tracer, EventAssembler assembler, MonotonicClock clock, CgroupLeaf cgroup, Phase phase, string containerId)
    {
        _tracer = tracer;
        _assembler = assembler;
        _clock = clock;
        _cgroup = cgroup;
        _phase = phase;
        _containerId = containerId;
    }

    /// <summary>The host pid of the shared bpftrace, e.g. to watch or kill it in tests.</summary>
    public int TracerPid => _tracer.Pid;

    /// <summary>The cgroup v2 id the tracer routes on.</summary>
    public ulong CgroupId => _cgroup.Id;

    /// <summary>False when the session ended with the container's cgroup leaf still busy: the Reaper removes it later.</summary>
    public bool CgroupRemoved { get; private set; }

    void ITraceSink.Accept(BpftraceLine line) => _assembler.Accept(line);

    void ITraceSink.Fail(string reason) => _tracerFailure ??= reason;

    public async Task<PhaseRecording> StopAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopped || _disposed, this);
        _stopped = true;
        var failures = new List<string>();
        if (await _tracer.DrainAsync(_cgroup.Id, cancellationToken) is { } drainFailure)
        {
            failures.Add(drainFailure);
        }

        // After Unregister the reader hands this session nothing more, so the assembler is ours alone.
        var watched = _tracer.Unregister(_cgroup.Id);
        _assembler.Complete();
        if (_tracerFailure is not null && !failures.Contains(_tracerFailure))
        {
            failures.Add(_tracerFailure);
        }

        if (!watched)
        {
            failures.Add($"the tracer never confirmed watching cgroup {_cgroup.Path}, so the container's actions may be missing");
        }

        if (_assembler.Problems.Describe() is { } problems)
        {
            failures.Add(problems);
        }

        if (_assembler.ContainerExecs == 0)
        {
            failures.Add(
                $"no process of container {_containerId} was seen in cgroup {_cgroup.Path}: the container did not start, or its processes ran outside that cgroup (is its CgroupParent {SandboxCgroups.Parent}?)");
        }

        var health = new MonitorHealth(_assembler.LostEvents, failures.Count == 0 ? null : string.Join("; ", failures), _assembler.DroppedEvents);
        return new PhaseRecording(_phase, _assembler.Events, health);
    }

    public DateTimeOffset Now() => _clock.WallTimeNow();

    /// <summary>Call once the container is gone: frees the cgroup leaf (which also stops the tracer watching it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_stopped)
        {
            _tracer.Unregister(_cgroup.Id);
        }

        CgroupRemoved = await _cgroup.RemoveAsync(CgroupPatience);
    }
}
