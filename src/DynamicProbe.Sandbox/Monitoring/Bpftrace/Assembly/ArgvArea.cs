namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// The bytes between a new program's <c>mm-&gt;arg_start</c> and <c>arg_end</c>: its arguments, each ended by a NUL.
/// Filled from ARGVBYTES records, which may come before or after their exec (two probes on one tracepoint).
/// </summary>
internal sealed class ArgvArea(long total, int captureLimit)
{
    private readonly byte[] _bytes = new byte[Math.Clamp(total, 0, captureLimit)];
    private long _received;

    public long Total { get; } = total;

    /// <summary>Every byte the tracer prints for this exec arrived (it prints at most the capture limit).</summary>
    public bool Complete => _received >= _bytes.Length;

    /// <summary>Part of the area was never printed: argv was longer than the tracer's capture limit.</summary>
    public bool Cut => Total > _bytes.Length;

    /// <returns>False when the part does not fit this area: it belongs to another exec.</returns>
    public bool Add(long offset, long total, ReadOnlySpan<byte> part)
    {
        if (total != Total || offset != _received || offset >= _bytes.Length)
        {
            return false;
        }

        var length = (int)Math.Min(part.Length, _bytes.Length - offset);
        part[..length].CopyTo(_bytes.AsSpan((int)offset));
        _received += length;
        return true;
    }

    /// <summary>The arguments; an unterminated last one (the area was cut) is kept as far as it goes.</summary>
    public List<byte[]> Arguments()
    {
        var arguments = new List<byte[]>();
        var rest = _bytes.AsSpan(0, (int)_received);
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)0);
            arguments.Add((end < 0 ? rest : rest[..end]).ToArray());
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return arguments;
    }
}
