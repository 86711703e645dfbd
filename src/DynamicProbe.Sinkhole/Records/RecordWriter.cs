using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>
/// Writes records as JSON lines, one write and flush per record so a reader tailing the file sees whole lines and a
/// killed catcher loses nothing already accepted. Producers wait only for room in a small backlog; a single pump
/// writes, and says what was dropped at most once per <see cref="ReportInterval"/> and when completing.
/// </summary>
public sealed class RecordWriter : IAsyncDisposable
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan BacklogWait = TimeSpan.FromSeconds(5);

    private readonly Stream _output;
    private readonly RecordLimits _limits;
    private readonly TimeProvider _time;
    private readonly Channel<SinkholeRecord> _queue;
    private readonly Task _pump;

    private readonly object _admissionGate = new();
    private long _admitted;
    private double _tokens;
    private long _lastRefill;

    private readonly object _outputGate = new();
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly Utf8JsonWriter _json;
    private long _written;
    private long _bytes;

    private readonly long[] _droppedSinceReport = new long[Enum.GetValues<DropReason>().Length];
    private long _droppedTotal;
    private long _lastReport;

    public RecordWriter(Stream output, RecordLimits limits, TimeProvider time)
    {
        _output = output;
        _limits = limits;
        _time = time;
        _tokens = limits.Burst;
        _lastRefill = time.GetTimestamp();
        _lastReport = _lastRefill;
        _json = new Utf8JsonWriter(_line, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _queue = Channel.CreateBounded<SinkholeRecord>(
            new BoundedChannelOptions(limits.Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _pump = Task.Run(PumpAsync);
    }

    public long Written => Interlocked.Read(ref _written);

    public long Dropped => Interlocked.Read(ref _droppedTotal);

    /// <summary>Writes at once, outside every limit: for the catcher's own ready line.</summary>
    public void WriteNow(SinkholeRecord record)
    {
        lock (_outputGate)
        {
            Emit(record, enforceByteLimit: false);
        }
    }

    /// <summary>
    /// Queues a capture, DNS or error record, or counts it as dropped. Waits while the backlog is full (a burst of
    /// connections ending together), which bounds memory without losing records; a file that takes longer than
    /// <see cref="BacklogWait"/> loses the record, counted as a backlog drop.
    /// </summary>
    public async ValueTask SubmitAsync(SinkholeRecord record)
    {
        if (Admit() is { } refusal)
        {
            CountDrop(refusal);
            return;
        }

        if (_queue.Writer.TryWrite(record))
        {
            return;
        }

        using var patience = new CancellationTokenSource(BacklogWait, _time);
        try
        {
            await _queue.Writer.WriteAsync(record, patience.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            CountDrop(DropReason.Backlog);
        }
    }

    /// <summary>Writes what is queued, says what was dropped, and ends the file with a <see cref="StoppedRecord"/>.</summary>
    public async Task CompleteAsync()
    {
        if (_queue.Writer.TryComplete())
        {
            await _pump.ConfigureAwait(false);
            lock (_outputGate)
            {
                ReportDrops();
                Emit(new StoppedRecord(_time.GetUtcNow(), _written, Dropped), enforceByteLimit: false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        await _json.DisposeAsync().ConfigureAwait(false);
    }

    /// <returns>Null when admitted, else why not.</returns>
    private DropReason? Admit()
    {
        lock (_admissionGate)
        {
            if (_admitted >= _limits.MaxRecords)
            {
                return DropReason.TotalRecords;
            }

            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_lastRefill, now);
            _lastRefill = now;
            _tokens = Math.Min(_limits.Burst, _tokens + (elapsed.TotalSeconds * _limits.RecordsPerSecond));
            if (_tokens < 1)
            {
                return DropReason.Rate;
            }

            _tokens -= 1;
            _admitted++;
            return null;
        }
    }

    private void CountDrop(DropReason reason)
    {
        Interlocked.Increment(ref _droppedSinceReport[(int)reason]);
        Interlocked.Increment(ref _droppedTotal);
    }

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        Task<bool>? waiting = null;
        Task? tick = null;
        while (true)
        {
            waiting ??= reader.WaitToReadAsync().AsTask();
            tick ??= Task.Delay(ReportInterval, _time);
            if (await Task.WhenAny(waiting, tick).ConfigureAwait(false) == tick)
            {
                tick = null;
                lock (_outputGate)
                {
                    ReportDrops();
                }

                continue;
            }

            var more = await waiting.ConfigureAwait(false);
            waiting = null;
            if (!more)
            {
                return;
            }

            lock (_outputGate)
            {
                while (reader.TryRead(out var record))
                {
                    Emit(record, enforceByteLimit: true);
                }

                if (_time.GetElapsedTime(_lastReport) >= ReportInterval)
                {
                    ReportDrops();
                }
            }
        }
    }

    /// <summary>Writes one <see cref="TruncatedRecord"/> per reason that dropped something since the last report.</summary>
    private void ReportDrops()
    {
        _lastReport = _time.GetTimestamp();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            var dropped = Interlocked.Exchange(ref _droppedSinceReport[(int)reason], 0);
            if (dropped > 0)
            {
                Emit(new TruncatedRecord(_time.GetUtcNow(), reason, dropped), enforceByteLimit: false);
            }
        }
    }

    private void Emit(SinkholeRecord record, bool enforceByteLimit)
    {
        _line.ResetWrittenCount();
        _json.Reset(_line);
        record.WriteTo(_json);
        _json.Flush();
        _line.GetSpan(1)[0] = (byte)'\n';
        _line.Advance(1);
        if (enforceByteLimit && _bytes + _line.WrittenCount > _limits.MaxBytes)
        {
            CountDrop(DropReason.TotalBytes);
            return;
        }

        try
        {
            _output.Write(_line.WrittenSpan);
            _output.Flush();
            _bytes += _line.WrittenCount;
            Interlocked.Increment(ref _written);
        }
        catch (IOException exception)
        {
            CountDrop(DropReason.WriteFailed);
            Console.Error.WriteLine($"sinkhole: cannot write a record: {exception.Message}");
        }
    }
}
