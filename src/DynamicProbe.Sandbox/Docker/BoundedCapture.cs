using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// Keeps the first <see cref="Limit"/> bytes of an output stream and counts the rest, so a target printing gigabytes
/// costs bounded memory and the report can say the capture was cut.
/// </summary>
public sealed class BoundedCapture(int limit)
{
    private readonly object gate = new();
    private readonly MemoryStream kept = new();
    private long total;

    public int Limit { get; } = limit;

    /// <summary>Every byte the stream carried, kept or not.</summary>
    public long TotalBytes
    {
        get
        {
            lock (gate)
            {
                return total;
            }
        }
    }

    public bool Truncated => TotalBytes > Limit;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (gate)
        {
            total += bytes.Length;
            var room = Limit - (int)kept.Length;
            if (room > 0)
            {
                kept.Write(bytes[..Math.Min(room, bytes.Length)]);
            }
        }
    }

    /// <summary>The kept bytes as text, losslessly: a byte that is not valid UTF-8 is kept (<see cref="LosslessText"/>).</summary>
    public string Text
    {
        get
        {
            lock (gate)
            {
                return LosslessText.Decode(kept.GetBuffer().AsSpan(0, (int)kept.Length));
            }
        }
    }

    /// <summary>The kept text, followed by a note saying how much was cut when it was.</summary>
    public string Report() => Truncated
        ? $"{Text}\n[output truncated: kept the first {Limit} of {TotalBytes} bytes]"
        : Text;
}
