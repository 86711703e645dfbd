using DynamicProbe.Sandbox.Monitoring.Bpftrace;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Benchmarks.EventPath;

/// <summary>
/// The shared monitor's routing as a run does it, through the real <see cref="TraceRouter"/>: each cgroup seen gets
/// its own <see cref="EventAssembler"/>, registered as the monitor registers a sandbox before its container starts.
/// </summary>
internal sealed class CgroupDemux(Func<EventAssembler> newAssembler)
{
    private readonly TraceRouter _router = new();
    private readonly Dictionary<long, EventAssembler> _assemblers = [];

    public IReadOnlyDictionary<long, EventAssembler> Assemblers => _assemblers;

    /// <summary>Tuples whose field 1 is not a number; they belong to no cgroup.</summary>
    public long Unroutable { get; private set; }

    public void Accept(BpftraceLine line)
    {
        if (line is TupleLine tuple)
        {
            if (tuple.Fields.Count < 2 || tuple.Fields[1].IsText)
            {
                Unroutable++;
                return;
            }

            var cgroup = tuple.Fields[1].Number;
            if (!_assemblers.ContainsKey(cgroup))
            {
                var assembler = newAssembler();
                _assemblers.Add(cgroup, assembler);
                _router.Register(unchecked((ulong)cgroup), new Sink(assembler));
            }
        }

        _router.Route(line);
    }

    public void Complete()
    {
        foreach (var assembler in _assemblers.Values)
        {
            assembler.Complete();
        }
    }

    private sealed class Sink(EventAssembler assembler) : ITraceSink
    {
        public void Accept(BpftraceLine line) => assembler.Accept(line);

        public void Fail(string reason) => throw new InvalidOperationException(reason);
    }
}
