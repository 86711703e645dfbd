using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Benchmarks.EventPath;

/// <summary>
/// Stands in for the shared monitor's router until it exists: reads a record's field 1 (the cgroup id), removes it
/// and hands the record, now in the single-container layout, to that cgroup's <see cref="EventAssembler"/>. Lines
/// that are not records (READY, END, lost events) go to every assembler.
/// </summary>
internal sealed class CgroupDemux(Func<EventAssembler> newAssembler)
{
    private readonly Dictionary<long, EventAssembler> _assemblers = [];

    public IReadOnlyDictionary<long, EventAssembler> Assemblers => _assemblers;

    /// <summary>Tuples whose field 1 is not a number; they belong to no cgroup.</summary>
    public long Unroutable { get; private set; }

    public void Accept(BpftraceLine line)
    {
        if (line is not TupleLine tuple)
        {
            foreach (var assembler in _assemblers.Values)
            {
                assembler.Accept(line);
            }

            return;
        }

        if (tuple.Fields.Count < 2 || tuple.Fields[1].IsText)
        {
            Unroutable++;
            return;
        }

        var cgroup = tuple.Fields[1].Number;
        if (!_assemblers.TryGetValue(cgroup, out var target))
        {
            target = newAssembler();
            target.Accept(new PrintfLine("READY\n"));
            _assemblers.Add(cgroup, target);
        }

        var fields = new TraceValue[tuple.Fields.Count - 1];
        fields[0] = tuple.Fields[0];
        for (var i = 2; i < tuple.Fields.Count; i++)
        {
            fields[i - 1] = tuple.Fields[i];
        }

        target.Accept(new TupleLine(fields));
    }

    public void Complete()
    {
        foreach (var assembler in _assemblers.Values)
        {
            assembler.Complete();
        }
    }
}
