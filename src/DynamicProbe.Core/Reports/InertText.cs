using System.Globalization;
using System.Text;
using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// Makes text that a target may have chosen (paths, argv, DNS names, captured bytes, its output) safe to print and
/// exact to read: nothing in it can start a line, move the cursor, send an ANSI sequence, reorder the line (bidi) or
/// hide characters. Shown visibly instead:
/// <list type="bullet">
/// <item><c>\n</c>, <c>\r</c>, <c>\t</c>; any other C0 control or DEL as the byte it is, <c>\x1b</c>;</item>
/// <item>a byte that was not valid UTF-8 (a lone surrogate of <see cref="LosslessText"/>) as that byte, <c>\xff</c>;</item>
/// <item>C1 controls, bidi controls, zero-width and other format characters, line and paragraph separators, spaces
/// other than U+0020, invisible fillers, private-use and unassigned code points as the code point, <c>\u202e</c> (<c>\U000e0001</c>
/// past U+FFFF);</item>
/// <item>a backslash as <c>\\</c>, so a name holding the text <c>\xff</c> reads <c>\\xff</c>, never like the byte.</item>
/// </list>
/// Everything else (printable ASCII, letters and symbols of any script) is kept as is.
/// </summary>
public static class InertText
{
    /// <summary>Invisible characters that Unicode classes as letters or marks, so the category test misses them.</summary>
    private static readonly HashSet<int> InvisibleFillers = [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0];

    public static string Escape(string text)
    {
        if (!text.Any(c => c is '\\' or < ' ' or >= '\u007f'))
        {
            return text;
        }

        var inert = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                Append(inert, new Rune(c, text[++i]));
            }
            else if (LosslessText.EscapedByte(c) is { } raw)
            {
                inert.Append(CultureInfo.InvariantCulture, $"\\x{raw:x2}");
            }
            else if (char.IsSurrogate(c))
            {
                inert.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                Append(inert, new Rune(c));
            }
        }

        return inert.ToString();
    }

    /// <summary>
    /// Text of several lines (a build log's tail, an error quoting a file) as inert lines: split at each newline, every
    /// other character escaped as by <see cref="Escape"/>, for the caller to lay out.
    /// </summary>
    public static IEnumerable<string> Lines(string text) => text.Split('\n').Select(Escape);

    /// <summary>
    /// The first <paramref name="maxBytes"/> of some bytes, decoded losslessly and escaped, in double quotes (a quote
    /// inside shown as <c>\"</c>), followed by <c>…</c> when <paramref name="totalBytes"/> says there were more.
    /// </summary>
    public static string Quote(ReadOnlySpan<byte> bytes, long totalBytes, int maxBytes)
    {
        var shown = bytes.Length > maxBytes ? bytes[..maxBytes] : bytes;
        var text = Escape(LosslessText.Decode(shown)).Replace("\"", "\\\"", StringComparison.Ordinal);
        return $"\"{text}\"{(totalBytes > shown.Length ? "…" : string.Empty)}";
    }

    private static void Append(StringBuilder inert, Rune rune)
    {
        switch (rune.Value)
        {
            case '\\':
                inert.Append(@"\\");
                return;
            case '\n':
                inert.Append(@"\n");
                return;
            case '\r':
                inert.Append(@"\r");
                return;
            case '\t':
                inert.Append(@"\t");
                return;
            case < 0x20 or 0x7f:
                inert.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                return;
        }

        if (!IsHidden(rune))
        {
            inert.Append(rune.ToString());
        }
        else if (rune.IsBmp)
        {
            inert.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
        }
        else
        {
            inert.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
        }
    }

    private static bool IsHidden(Rune rune) =>
        rune.Value >= 0x80 && (InvisibleFillers.Contains(rune.Value) || Rune.GetUnicodeCategory(rune) is
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse);
}
