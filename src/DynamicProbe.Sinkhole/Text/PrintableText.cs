using System.Text;

namespace DynamicProbe.Sinkhole.Text;

/// <summary>
/// Bytes a hostile program chose, made safe to show: printable ASCII is kept, a backslash is doubled and every other
/// byte becomes <c>\xNN</c>, so the text is reversible and never carries control characters or invalid UTF-8.
/// </summary>
public static class PrintableText
{
    public static string From(ReadOnlySpan<byte> bytes, int maxBytes = int.MaxValue)
    {
        var kept = bytes.Length > maxBytes ? bytes[..maxBytes] : bytes;
        var text = new StringBuilder(kept.Length);
        foreach (var b in kept)
        {
            if (b == (byte)'\\')
            {
                text.Append(@"\\");
            }
            else if (b is >= 0x20 and <= 0x7e)
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(@"\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
