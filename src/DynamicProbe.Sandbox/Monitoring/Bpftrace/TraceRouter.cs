using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>
/// The shared tracer's switchboard, pure: hands each record to the sink of its cgroup (without the cgroup id),
/// notes which cgroups the tracer confirmed watching, completes drain barriers as each CPU's arrives, and gives
/// what belongs to nobody in particular (lost events, an unreadable line) to every sandbox live at that moment.
/// Thread-safe: the reader routes while sessions register, drain and unregister.
/// </summary>
internal sealed class TraceRouter
{
    private const int CgroupField = 1; // (ns, cgroup, pid, tid, kind, …)
    private const int KindField = 4;

    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, ITraceSink> _sinks = [];
    private readonly HashSet<ulong> _watched = [];
    private readonly Dictionary<long, (HashSet<int> Remaining, TaskCompletionSource Done)> _barriers = [];
    private string? _failure;

    /// <summary>Set once the tracer stopped working; every sink, present and future, is told.</summary>
    public string? Failure
    {
        get
        {
            lock (_gate)
            {
                return _failure;
            }
        }
    }

    public void Register(ulong cgroupId, ITraceSink sink)
    {
        lock (_gate)
        {
            _sinks[cgroupId] = sink;
            if (_failure is not null)
            {
                sink.Fail(_failure);
            }
        }
    }

    /// <summary>Stops routing the cgroup's records; once this returns, the sink receives nothing more.</summary>
    /// <returns>Whether the tracer confirmed it watched the cgroup (its WATCH record was routed).</returns>
    public bool Unregister(ulong cgroupId)
    {
        lock (_gate)
        {
            _sinks.Remove(cgroupId);
            return _watched.Remove(cgroupId);
        }
    }

    /// <summary>Expects a BARRIER record of <paramref name="sequence"/> from each of <paramref name="cpus"/>.</summary>
    /// <returns>Completes when all came; faults when the tracer fails first. Null when it already has.</returns>
    public Task? ExpectBarrier(long sequence, IReadOnlyCollection<int> cpus)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_failure is not null)
            {
                return null;
            }

            _barriers[sequence] = ([.. cpus], done);
        }

        return done.Task;
    }

    /// <summary>The CPUs whose barrier has not come yet; forgets the barrier.</summary>
    public IReadOnlyList<int> ForgetBarrier(long sequence)
    {
        lock (_gate)
        {
            return _barriers.Remove(sequence, out var barrier) ? [.. barrier.Remaining.Order()] : [];
        }
    }

    public void Route(BpftraceLine line)
    {
        lock (_gate)
        {
            switch (line)
            {
                case TupleLine { Fields: [{ IsText: false } first, { IsText: false } cgroup, _, _, ..] fields }:
                    RouteRecord(first.Number, unchecked((ulong)cgroup.Number), fields);
                    break;
                case PrintfLine { Text: "READY\n" }:
                    break;
                default:
                    // Lost events, an unreadable line: nobody can tell whose they were, so every live sandbox takes
                    // them. A sandbox drained before has had all its records read, so these cannot be its.
                    foreach (var sink in _sinks.Values)
                    {
                        sink.Accept(line);
                    }

                    break;
            }
        }
    }

    /// <summary>The tracer stopped: every live sink and pending barrier learns why.</summary>
    public void Fail(string reason)
    {
        lock (_gate)
        {
            _failure ??= reason;
            foreach (var sink in _sinks.Values)
            {
                sink.Fail(_failure);
            }

            foreach (var barrier in _barriers.Values)
            {
                barrier.Done.TrySetException(new InvalidOperationException(_failure));
            }
        }
    }

    private void RouteRecord(long first, ulong cgroupId, IReadOnlyList<TraceValue> fields)
    {
        var kind = first < 0 || fields.Count <= KindField || fields[KindField].IsText ? 0 : fields[KindField].Number;
        if (kind == (long)RecordKind.Barrier && fields.Count == 7 && !fields[5].IsText && !fields[6].IsText)
        {
            if (_barriers.TryGetValue(fields[5].Number, out var barrier) && barrier.Remaining.Remove((int)fields[6].Number) && barrier.Remaining.Count == 0)
            {
                barrier.Done.TrySetResult();
            }
        }
        else if (kind == (long)RecordKind.Watch)
        {
            _watched.Add(cgroupId);
        }
        else if (_sinks.TryGetValue(cgroupId, out var sink))
        {
            sink.Accept(new TupleLine([.. fields.Take(CgroupField), .. fields.Skip(CgroupField + 1)]));
        }
    }
}
