using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Tracer;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>
/// The one bpftrace of this process. It watches every cgroup leaf this process makes (see monitor.bt), and its
/// reader routes each record by cgroup id to that sandbox's <see cref="ITraceSink"/>. It is never stopped to end a
/// recording: <see cref="DrainAsync"/> proves a sandbox's records have all been read.
/// </summary>
internal sealed class SharedTracer : IAsyncDisposable
{
    private readonly TracerProcess _tracer;
    private readonly ScratchFolder _scratch;
    private readonly BpftraceMonitorOptions _options;
    private readonly IReadOnlyList<int> _cpus = DrainBarrier.OnlineCpus();
    private readonly TraceRouter _router = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _readerStop = new();
    private readonly Task _reader;

    // Barrier sequences are unique to this tracer: another tracer in the same process sees its prctl calls too.
    private long _barrierSequence = (long)RandomNumberGenerator.GetInt32(1, int.MaxValue) << 32;
    private bool _disposed;

    private SharedTracer(TracerProcess tracer, ScratchFolder scratch, BpftraceMonitorOptions options)
    {
        _tracer = tracer;
        _scratch = scratch;
        _options = options;
        _reader = Task.Run(ReadOutputAsync);
    }

    public int Pid => _tracer.Pid;

    /// <summary>How long bpftrace took from start to its READY line (compiling and attaching every probe).</summary>
    public TimeSpan AttachDuration { get; private set; }

    public bool IsAlive => _router.Failure is null && !_tracer.HasExited;

    /// <exception cref="MonitorAttachException">bpftrace failed or did not attach in time.</exception>
    public static async Task<SharedTracer> StartAsync(BpftraceMonitorOptions options, CancellationToken cancellationToken)
    {
        var scratch = ScratchFolder.Create(
            options.ScratchRoot,
            string.Create(CultureInfo.InvariantCulture, $"monitor-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"),
            OwnerIdentity.Current());
        SharedTracer? tracer = null;
        try
        {
            var script = Path.Combine(scratch.Path, "monitor.bt");
            await File.WriteAllTextAsync(script, MonitorScript.Text(), cancellationToken);
            var process = await TracerProcess.StartAsync(
                options.SetprivPath,
                options.BpftracePath,
                // The seed keys monitor.bt's hash of repeated opens: a target that cannot know it cannot aim at a collision.
                [
                    "-f", "json", "-q", script, Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                    (BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8)) & long.MaxValue).ToString(CultureInfo.InvariantCulture),
                ],
                new Dictionary<string, string>
                {
                    ["BPFTRACE_STRLEN"] = MonitorScript.StringLength.ToString(CultureInfo.InvariantCulture),
                    ["BPFTRACE_PERF_RB_PAGES"] = options.PerfBufferPages.ToString(CultureInfo.InvariantCulture),
                    ["BPFTRACE_MAP_KEYS_MAX"] = options.MapKeysMax.ToString(CultureInfo.InvariantCulture),
                },
                cancellationToken);
            tracer = new SharedTracer(process, scratch, options);
            await tracer.WaitUntilReadyAsync(cancellationToken);
            return tracer;
        }
        catch
        {
            if (tracer is not null)
            {
                await tracer.DisposeAsync();
            }
            else
            {
                await scratch.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Routes the cgroup's records to <paramref name="sink"/> from now on.</summary>
    public void Register(ulong cgroupId, ITraceSink sink) => _router.Register(cgroupId, sink);

    /// <inheritdoc cref="TraceRouter.Unregister"/>
    public bool Unregister(ulong cgroupId) => _router.Unregister(cgroupId);

    /// <summary>
    /// Stops watching the cgroup and raises a barrier on every CPU; completes when the reader has read all of them,
    /// and so every record the cgroup's processes produced before.
    /// </summary>
    /// <returns>Null when drained; otherwise why the recording cannot be trusted to be whole.</returns>
    public async Task<string?> DrainAsync(ulong cgroupId, CancellationToken cancellationToken)
    {
        var sequence = Interlocked.Increment(ref _barrierSequence);
        if (_router.ExpectBarrier(sequence, _cpus) is not { } drained)
        {
            return _router.Failure;
        }

        try
        {
            var unpinned = await Task.Run(() => DrainBarrier.Raise(_cpus, sequence, cgroupId), CancellationToken.None);
            if (unpinned.Count > 0)
            {
                return $"the drain barrier could not run on CPU(s) {string.Join(", ", unpinned)}, so their last records may be unread";
            }

            await drained.WaitAsync(_options.DrainTimeout, cancellationToken);
            return null;
        }
        catch (TimeoutException)
        {
            return _router.Failure ?? string.Create(
                CultureInfo.InvariantCulture,
                $"the drain barrier did not come back from CPU(s) {string.Join(", ", _router.ForgetBarrier(sequence))} within {_options.DrainTimeout.TotalSeconds:0} s, so their last records may be unread");
        }
        catch (InvalidOperationException) when (_router.Failure is { } failure)
        {
            return failure;
        }
        finally
        {
            _router.ForgetBarrier(sequence);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

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

        _tracer.Dispose();
        _readerStop.Dispose();
        await _scratch.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await _ready.Task.WaitAsync(_options.AttachTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new MonitorAttachException(
                $"bpftrace did not attach within {_options.AttachTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s{StderrSuffix()}");
        }
        catch (EndOfStreamException)
        {
            await _tracer.WaitForStderrAsync(TimeSpan.FromSeconds(2));
            // The pipe closes as the process dies: its exit code follows at once.
        var code = await _tracer.Exited.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(
            exited => exited.IsCompletedSuccessfully ? $" with code {exited.Result}" : "", TaskScheduler.Default);
            throw new MonitorAttachException(
                $"bpftrace exited{code} before attaching{StderrSuffix()} (it needs root, tracefs mounted at /sys/kernel/tracing and a kernel with BTF)");
        }

        AttachDuration = clock.Elapsed;
        _tracer.ClearErrorTail();
    }

    private async Task ReadOutputAsync()
    {
        try
        {
            var lines = new BoundedLineReader(_tracer.Output, _options.MaxLineBytes);
            await foreach (var (line, cut) in lines.ReadLinesAsync(_readerStop.Token))
            {
                if (cut)
                {
                    Route(new UnreadableLine("line over the size limit", BpftraceJsonParser.Excerpt(line.Span)));
                }
                else if (!line.IsEmpty)
                {
                    Route(BpftraceJsonParser.Parse(line.Span));
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped by DisposeAsync, or the pipe closed under us.
        }
        finally
        {
            _ready.TrySetException(new EndOfStreamException("bpftrace's output ended"));
            await OnOutputEndedAsync();
        }
    }

    private void Route(BpftraceLine line)
    {
        if (line is PrintfLine { Text: "READY\n" })
        {
            _ready.TrySetResult();
        }

        _router.Route(line);
    }

    private async Task OnOutputEndedAsync()
    {
        await _tracer.WaitForStderrAsync(TimeSpan.FromSeconds(2));
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        // The pipe closes as the process dies: its exit code follows at once.
        var code = await _tracer.Exited.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(
            exited => exited.IsCompletedSuccessfully ? $" with code {exited.Result}" : "", TaskScheduler.Default);
        _router.Fail($"bpftrace's output ended{code} while sandboxes were being watched{StderrSuffix()}");
    }

    private string StderrSuffix() => _tracer.ErrorTail is { Length: > 0 } tail ? $": {tail}" : "";
}
