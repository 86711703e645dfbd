namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

/// <summary>One field of a bpftrace tuple: an integer, or a string kept as the raw bytes the kernel held.</summary>
internal readonly record struct TraceValue(long Number, byte[]? Bytes)
{
    public bool IsText => Bytes is not null;

    public static TraceValue Of(long number) => new(number, null);

    public static TraceValue Of(byte[] bytes) => new(0, bytes);

    public override string ToString() => Bytes is null ? Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : TraceText.Decode(Bytes);
}
