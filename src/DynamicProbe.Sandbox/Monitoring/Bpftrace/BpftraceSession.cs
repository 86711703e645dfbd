using System.Diagnostics;
using System.Globalization;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Tracer;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>
/// One running bpftrace for one container. Its output is parsed as it arrives (never buffered whole); the
/// recording is assembled when <see cref="StopAsync"/> has let the tracer finish.
/// </summary>
public sealed class BpftraceSession : IMonitorSession
{
    private static readonly TimeSpan CgroupPatience = TimeSpan.FromSeconds(1);

    private readonly TracerProcess _tracer;
    private readonly EventAssembler _assembler;
    private readonly MonotonicClock _clock;
    private readonly CgroupLeaf _cgroup;
    private readonly ScratchFolder _scratch;
    private readonly Phase _phase;
    private readonly string _containerId;
    private readonly BpftraceMonitorOptions _options;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _readerStop = new();
    private readonly Task _reader;
    private bool _finished;

    internal BpftraceSession(
        TracerProcess tracer,
        EventAssembler assembler,
        MonotonicClock clock,
        CgroupLeaf cgroup,
        ScratchFolder scratch,
        Phase phase,
        string containerId,
        BpftraceMonitorOptions options)
    {
        _tracer = tracer;
        _assembler = assembler;
        _clock = clock;
        _cgroup = cgroup;
        _scratch = scratch;
        _phase = phase;
        _containerId = containerId;
        _options = options;
        _reader = Task.Run(ReadOutputAsync);
    }

    /// <summary>How long bpftrace took from start to its READY line (compiling and attaching every probe).</summary>
    public TimeSpan AttachDuration { get; private set; }

    /// <summary>The host pid of bpftrace, e.g. to watch or kill it in tests.</summary>
    public int TracerPid => _tracer.Pid;

    /// <summary>The cgroup v2 id the tracer filters on.</summary>
    public ulong CgroupId => _cgroup.Id;

    /// <summary>False when the session ended with the container's cgroup leaf still busy: the Reaper removes it later.</summary>
    public bool CgroupRemoved { get; private set; }

    internal async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await _ready.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new MonitorAttachException(
                $"bpftrace did not attach to container {_containerId} within {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s{StderrSuffix()}");
        }
        catch (EndOfStreamException)
        {
            await _tracer.WaitForStderrAsync(TimeSpan.FromSeconds(2));
            var code = _tracer.HasExited ? $" with code {await _tracer.Exited}" : "";
            throw new MonitorAttachException(
                $"bpftrace exited{code} before attaching to container {_containerId}{StderrSuffix()} " +
                $"(it needs root, tracefs mounted at /sys/kernel/tracing and a kernel with BTF)");
        }

        AttachDuration = clock.Elapsed;
    }

    /// <summary>
    /// Waits for bpftrace to finish its output after SIGINT. Once, on a loaded host, bpftrace 0.17 did not stop within
    /// a minute of a single SIGINT (cause not found); the request is repeated every few seconds until the stop
    /// timeout, so one lost signal cannot cost a whole recording.
    /// </summary>
    private async Task WaitForOutputEndAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.StopTimeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            try
            {
                await _reader.WaitAsync(left < StopRepeatInterval ? left : StopRepeatInterval, cancellationToken);
                return;
            }
            catch (TimeoutException) when (DateTime.UtcNow < deadline)
            {
                _tracer.RequestStop();
            }
        }
    }

    private static readonly TimeSpan StopRepeatInterval = TimeSpan.FromSeconds(5);

    public async Task<PhaseRecording> StopAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        var failures = new List<string>();
        try
        {
            await Task.Delay(_options.DrainDelay, cancellationToken);
            var diedEarly = !_tracer.RequestStop();
            try
            {
                await WaitForOutputEndAsync(cancellationToken);
            }
            catch (TimeoutException)
            {
                _tracer.Kill();
                failures.Add($"bpftrace did not stop within {_options.StopTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s and was killed");
                await _reader;
            }

            var exitCode = await _tracer.Exited.WaitAsync(_options.StopTimeout, cancellationToken);
            await _tracer.WaitForStderrAsync(TimeSpan.FromSeconds(2));
            if (diedEarly || exitCode != 0)
            {
                var when = diedEarly ? "before the session was stopped" : "instead of stopping cleanly";
                failures.Add($"bpftrace exited with code {exitCode} {when}{StderrSuffix()}");
            }
        }
        catch
        {
            await CleanUpAsync();
            throw;
        }

        lock (_gate)
        {
            _assembler.Complete();
            if (!_assembler.SawEnd)
            {
                failures.Add("the tracer's output ended before its END marker, so its last records may be missing");
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
        }

        await CleanUpAsync();
        var health = new MonitorHealth(_assembler.LostEvents, failures.Count == 0 ? null : string.Join("; ", failures), _assembler.DroppedEvents);
        return new PhaseRecording(_phase, _assembler.Events, health);
    }

    public DateTimeOffset Now() => _clock.WallTimeNow();

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            await CleanUpAsync();
        }

        _readerStop.Dispose();
        _tracer.Dispose();
    }

    private async Task CleanUpAsync()
    {
        _tracer.Kill();
        await _readerStop.CancelAsync();
        try
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException)
        {
            // Killed; its output no longer matters.
        }

        CgroupRemoved = await _cgroup.RemoveAsync(CgroupPatience);
        await _scratch.DisposeAsync();
    }

    private async Task ReadOutputAsync()
    {
        try
        {
            var lines = new BoundedLineReader(_tracer.Output, _options.MaxLineBytes);
            await foreach (var (line, cut) in lines.ReadLinesAsync(_readerStop.Token))
            {
                lock (_gate)
                {
                    if (cut)
                    {
                        _assembler.AcceptOversizedLine(BpftraceJsonParser.Excerpt(line.Span));
                    }
                    else if (!line.IsEmpty)
                    {
                        _assembler.Accept(BpftraceJsonParser.Parse(line.Span));
                    }

                    if (_assembler.SawReady)
                    {
                        _ready.TrySetResult();
                    }
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped by CleanUpAsync or the pipe closed under us: the recording is judged by SawEnd.
        }
        finally
        {
            _ready.TrySetException(new EndOfStreamException("bpftrace's output ended"));
        }
    }

    private string StderrSuffix() => _tracer.ErrorTail is { Length: > 0 } tail ? $": {tail}" : "";
}
