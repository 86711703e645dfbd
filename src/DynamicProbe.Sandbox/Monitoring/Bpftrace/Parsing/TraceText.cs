using System.Globalization;
using System.Text;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

/// <summary>
/// Turns the bytes of a kernel string (a file name, an argument) into text. Valid UTF-8 is kept as is, control
/// characters included (a newline in a file name stays a newline); every byte that is not part of valid UTF-8 is
/// written as <c>\xNN</c> (lower-case hex), so hostile names stay visible and distinct instead of collapsing to U+FFFD.
/// </summary>
internal static class TraceText
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (var b in bytes[..consumed])
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }
}
