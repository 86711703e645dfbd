namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Puts records back in kernel time order. bpftrace drains one perf buffer per CPU, so a thread that migrated
/// between CPUs can have a later record printed before an earlier one; processing per-process state (working
/// directory, fd table) out of order would resolve paths wrongly. A record is released once a record at least
/// <c>window</c> newer has arrived, or at the end.
/// </summary>
internal sealed class RecordReorderBuffer(long windowNanoseconds)
{
    private readonly PriorityQueue<TraceRecord, (long Timestamp, long Sequence)> _pending = new();
    private long _newest = long.MinValue;

    public int Count => _pending.Count;

    public IEnumerable<TraceRecord> Add(TraceRecord record)
    {
        _pending.Enqueue(record, (record.Timestamp, record.Sequence));
        _newest = Math.Max(_newest, record.Timestamp);
        while (_pending.TryPeek(out var oldest, out var key) && key.Timestamp <= _newest - windowNanoseconds)
        {
            _pending.Dequeue();
            yield return oldest;
        }
    }

    public IEnumerable<TraceRecord> Drain()
    {
        while (_pending.TryDequeue(out var record, out _))
        {
            yield return record;
        }
    }
}
