using System.Globalization;
using System.Text;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>The readings of a text worth searching (see <see cref="HaystackForm"/>); a reading is given only when it differs from the text.</summary>
internal static class HaystackForms
{
    public static IEnumerable<(HaystackForm Form, string Text)> Of(string text)
    {
        yield return (HaystackForm.AsIs, text);
        var compacted = Compact(text);
        if (compacted.Length != text.Length)
        {
            yield return (HaystackForm.Compacted, compacted);
        }

        if (text.Contains('%', StringComparison.Ordinal))
        {
            var decoded = UrlDecode(text);
            if (decoded.Length != text.Length)
            {
                yield return (HaystackForm.UrlDecoded, decoded);
                var both = Compact(decoded);
                if (both.Length != decoded.Length)
                {
                    yield return (HaystackForm.UrlDecodedCompacted, both);
                }
            }
        }

        if (text.Contains('\\', StringComparison.Ordinal))
        {
            var unescaped = JsonUnescape(text);
            if (unescaped.Length != text.Length)
            {
                yield return (HaystackForm.JsonUnescaped, unescaped);
            }
        }
    }

    /// <summary>
    /// Drops white space, dots, colons and commas: none is part of any needle's alphabet, and they are what wraps a
    /// base64 blob into lines, spaces a hex dump, and splits a DNS name into labels.
    /// </summary>
    public static string Compact(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not ('.' or ':' or ','))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    /// <summary>Percent-decoding, each %XX to the character of byte XX (texts here hold one byte per character).</summary>
    private static string UrlDecode(string text)
    {
        var decoded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                decoded.Append((char)int.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                decoded.Append(text[i]);
            }
        }

        return decoded.ToString();
    }

    /// <summary>JSON's escapes that a serializer may put into a secret: <c>\/</c>, <c>\uXXXX</c> (System.Text.Json writes + as \u002B).</summary>
    private static string JsonUnescape(string text)
    {
        var unescaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '/' or '\\' or '"')
            {
                unescaped.Append(text[i + 1]);
                i++;
            }
            else if (text[i] == '\\' && i + 5 < text.Length && text[i + 1] == 'u'
                && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                unescaped.Append((char)code);
                i += 5;
            }
            else
            {
                unescaped.Append(text[i]);
            }
        }

        return unescaped.ToString();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
