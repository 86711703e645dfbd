using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// One timestamped record of monitor.bt: <c>(ns, pid, tid, kind, fields…)</c>. An exec also collects the argv
/// records that followed it from the same probe.
/// </summary>
internal sealed class TraceRecord(long timestamp, int pid, int tid, RecordKind kind, IReadOnlyList<TraceValue> fields, long sequence)
{
    /// <summary>Fields after the kind.</summary>
    public IReadOnlyList<TraceValue> Fields { get; } = fields;

    public long Timestamp { get; } = timestamp;

    public int Pid { get; } = pid;

    public int Tid { get; } = tid;

    public RecordKind Kind { get; } = kind;

    /// <summary>Arrival order, to keep records with equal timestamps in the order bpftrace printed them.</summary>
    public long Sequence { get; } = sequence;

    public List<byte[]> Argv { get; } = [];

    public bool ArgvMore { get; set; }

    public long Number(int index) => Fields[index].IsText ? throw new FormatException($"field {index + 4} is not a number") : Fields[index].Number;

    /// <summary>A field holding a C int (fd, dirfd, errno): bpftrace may print it zero-extended, so keep the low 32 bits.</summary>
    public int Int(int index) => unchecked((int)Number(index));

    /// <summary>The high half of a packed <c>hi|lo</c> field.</summary>
    public int High(int index) => unchecked((int)(Number(index) >> 32));

    /// <summary>The low half of a packed <c>hi|lo</c> field.</summary>
    public int Low(int index) => unchecked((int)Number(index));

    public byte[] Text(int index) => Fields[index].Bytes ?? throw new FormatException($"field {index + 4} is not a string");
}
