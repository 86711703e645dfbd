using System.Buffers;
using System.Text;

namespace DynamicProbe.Core.Events;

/// <summary>
/// Kernel bytes (file names, argv, captured data) as .NET text without losing any: valid UTF-8 is decoded as is,
/// and every byte that is not part of valid UTF-8 becomes the lone surrogate U+DC80+byte (Python's
/// "surrogateescape"). Valid UTF-8 never decodes to a surrogate, so the mapping is reversible and a file named with
/// the byte 0xFF stays distinct from one literally named <c>\xff</c>: findings keyed by path never merge them.
/// </summary>
public static class LosslessText
{
    private const char FirstEscapedByte = '\uDC80';
    private const char LastEscapedByte = '\uDCFF';

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (var b in bytes[..consumed])
                {
                    text.Append((char)(FirstEscapedByte + (b - 0x80)));
                }
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }

    /// <summary>The raw byte a lone surrogate of <see cref="Decode"/> stands for, or null for any other character.</summary>
    public static byte? EscapedByte(char c) =>
        c is >= FirstEscapedByte and <= LastEscapedByte ? (byte)(c - FirstEscapedByte + 0x80) : null;
}
