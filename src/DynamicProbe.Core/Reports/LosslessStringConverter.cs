using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// Keeps the bytes <see cref="LosslessText"/> holds as lone surrogates in the JSON report. System.Text.Json would write
/// each as U+FFFD, merging 0xFF, 0xFE and a real U+FFFD; such a string is written instead with every character outside
/// printable ASCII as a <c>\uXXXX</c> escape, so the byte 0xFF is <c>"\udcff"</c> while the text <c>\xff</c> is
/// <c>"\\xff"</c>. Valid JSON: Python's json reads the same surrogateescape string back
/// (<c>s.encode("utf-8", "surrogateescape")</c> gives the bytes), jq shows U+FFFD. Reading accepts the escapes back
/// (JsonElement.GetString refuses them): deserialize a report's strings with <see cref="JsonReportWriter.Options"/>.
/// </summary>
public sealed class LosslessStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a string, found {reader.TokenType}");
        }

        if (!reader.ValueIsEscaped)
        {
            return reader.GetString();
        }

        return Unescape(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (!HasLoneSurrogate(value))
        {
            writer.WriteStringValue(value);
            return;
        }

        // Hand-escaped, as the writer itself would only replace the lone surrogates; the writer still checks the literal.
        writer.WriteRawValue(Literal(value));
    }

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Literal(string value)
    {
        var json = new StringBuilder(value.Length + 16).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"' or '\\':
                    json.Append('\\').Append(c);
                    break;
                case >= ' ' and < '\u007f':
                    json.Append(c);
                    break;
                default:
                    json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    break;
            }
        }

        return json.Append('"').ToString();
    }

    /// <summary>The string of a JSON literal's escaped UTF-8 content, lone surrogate escapes kept as they are.</summary>
    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        var start = 0;
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != (byte)'\\')
            {
                i++;
                continue;
            }

            text.Append(Encoding.UTF8.GetString(raw[start..i]));
            var escape = (char)raw[i + 1];
            if (escape == 'u')
            {
                text.Append((char)int.Parse(raw.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 6;
            }
            else
            {
                text.Append(escape switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => escape,
                });
                i += 2;
            }

            start = i;
        }

        return text.Append(Encoding.UTF8.GetString(raw[start..])).ToString();
    }
}
