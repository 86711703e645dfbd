using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// One timestamped record of monitor.bt as the assembler sees it: <c>(ns, pid, tid, kind, fields…)</c>, the
/// cgroup id already taken out by the router. It also collects the continuation records that followed it: an
/// exec's argv, the rest of a long path.
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

    /// <summary>A failed exec's arguments, one record each.</summary>
    public List<byte[]> Argv { get; } = [];

    /// <summary>A successful exec's argv area, NUL-separated, as ARGVBYTES records delivered it.</summary>
    public ArgvArea? ArgvBytes { get; set; }

    public bool ArgvMore { get; set; }

    /// <summary>The parts of the record's string past what str() kept, in order (PATHMORE records).</summary>
    public List<byte[]> TextMore { get; } = [];

    /// <summary>Set once the record was handed on: a continuation arriving later is a problem, not a silent loss.</summary>
    public bool Processed { get; set; }

    public long Number(int index) => Fields[index].IsText ? throw new FormatException($"field {index + 4} is not a number") : Fields[index].Number;

    /// <summary>A field holding a C int (fd, dirfd, errno): bpftrace may print it zero-extended, so keep the low 32 bits.</summary>
    public int Int(int index) => unchecked((int)Number(index));

    /// <summary>The high half of a packed <c>hi|lo</c> field.</summary>
    public int High(int index) => unchecked((int)(Number(index) >> 32));

    /// <summary>The low half of a packed <c>hi|lo</c> field.</summary>
    public int Low(int index) => unchecked((int)Number(index));

    public byte[] Text(int index) => Fields[index].Bytes ?? throw new FormatException($"field {index + 4} is not a string");

    /// <summary>The string field with every continuation appended.</summary>
    public byte[] FullText(int index) => TextMore.Count == 0 ? Text(index) : [.. Text(index), .. TextMore.SelectMany(part => part)];
}
