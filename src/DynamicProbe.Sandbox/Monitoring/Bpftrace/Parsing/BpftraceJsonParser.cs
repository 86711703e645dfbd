using System.Globalization;
using System.Text;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

/// <summary>
/// Reads one line of <c>bpftrace -f json</c> output. A small parser of its own rather than a JSON library because
/// bpftrace 0.17 writes a byte ≥ 0x80 inside a string as <c>\uffffffXX</c> (a sign-extended char): read as JSON that
/// is U+FFFF followed by the text "ffXX". Here it becomes the byte 0xXX again, so strings come out as the kernel's
/// exact bytes.
/// </summary>
internal static class BpftraceJsonParser
{
    private const int ExcerptLength = 160;

    public static BpftraceLine Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Reader(line);
            var root = reader.ReadDocument();
            return Interpret(root, line);
        }
        catch (FormatException error)
        {
            return Unreadable(error.Message, line);
        }
    }

    public static string Excerpt(ReadOnlySpan<byte> line) =>
        TraceText.Decode(line.Length > ExcerptLength ? line[..ExcerptLength] : line) + (line.Length > ExcerptLength ? "…" : "");

    private static BpftraceLine Interpret(object? root, ReadOnlySpan<byte> line)
    {
        if (root is not Dictionary<string, object?> document || document.GetValueOrDefault("type") is not byte[] typeBytes)
        {
            return Unreadable("not an object with a \"type\"", line);
        }

        var type = Encoding.UTF8.GetString(typeBytes);
        var data = document.GetValueOrDefault("data");
        switch (type)
        {
            case "value" when data is List<object?> items:
                var fields = new List<TraceValue>(items.Count);
                foreach (var item in items)
                {
                    switch (item)
                    {
                        case long number:
                            fields.Add(TraceValue.Of(number));
                            break;
                        case byte[] text:
                            fields.Add(TraceValue.Of(text));
                            break;
                        default:
                            return Unreadable("a tuple field is neither an integer nor a string", line);
                    }
                }

                return new TupleLine(fields);
            case "printf" when data is byte[] text:
                return new PrintfLine(TraceText.Decode(text));
            case "lost_events" when data is Dictionary<string, object?> lost && lost.GetValueOrDefault("events") is long count:
                return new LostEventsLine(count);
            default:
                return Unreadable($"unexpected record type \"{type}\"", line);
        }
    }

    private static UnreadableLine Unreadable(string reason, ReadOnlySpan<byte> line) => new(reason, Excerpt(line));

    /// <summary>Objects become dictionaries, arrays lists, strings byte arrays, integers longs.</summary>
    private ref struct Reader(ReadOnlySpan<byte> text)
    {
        private const int MaxDepth = 8;
        private readonly ReadOnlySpan<byte> _text = text;
        private int _position;

        public object? ReadDocument()
        {
            var value = ReadValue(0);
            SkipWhitespace();
            return _position == _text.Length ? value : throw Error("text after the JSON value");
        }

        private object? ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nested too deeply");
            }

            SkipWhitespace();
            return Peek() switch
            {
                (byte)'{' => ReadObject(depth),
                (byte)'[' => ReadArray(depth),
                (byte)'"' => ReadString(),
                (byte)'t' => ReadLiteral("true", true),
                (byte)'f' => ReadLiteral("false", false),
                (byte)'n' => ReadLiteral("null", null),
                _ => ReadInteger(),
            };
        }

        private Dictionary<string, object?> ReadObject(int depth)
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            Expect((byte)'{');
            SkipWhitespace();
            if (TryConsume((byte)'}'))
            {
                return result;
            }

            do
            {
                SkipWhitespace();
                var key = Encoding.UTF8.GetString(ReadString());
                SkipWhitespace();
                Expect((byte)':');
                result[key] = ReadValue(depth + 1);
                SkipWhitespace();
            }
            while (TryConsume((byte)','));

            Expect((byte)'}');
            return result;
        }

        private List<object?> ReadArray(int depth)
        {
            var result = new List<object?>();
            Expect((byte)'[');
            SkipWhitespace();
            if (TryConsume((byte)']'))
            {
                return result;
            }

            do
            {
                result.Add(ReadValue(depth + 1));
                SkipWhitespace();
            }
            while (TryConsume((byte)','));

            Expect((byte)']');
            return result;
        }

        private byte[] ReadString()
        {
            Expect((byte)'"');
            var bytes = new List<byte>();
            while (true)
            {
                var c = Next();
                if (c == '"')
                {
                    return [.. bytes];
                }

                if (c != '\\')
                {
                    bytes.Add(c);
                    continue;
                }

                var escape = Next();
                switch (escape)
                {
                    case (byte)'"' or (byte)'\\' or (byte)'/':
                        bytes.Add(escape);
                        break;
                    case (byte)'b': bytes.Add(0x08); break;
                    case (byte)'f': bytes.Add(0x0c); break;
                    case (byte)'n': bytes.Add(0x0a); break;
                    case (byte)'r': bytes.Add(0x0d); break;
                    case (byte)'t': bytes.Add(0x09); break;
                    case (byte)'u':
                        ReadUnicodeEscape(bytes);
                        break;
                    default:
                        throw Error($"unknown escape \\{(char)escape}");
                }
            }
        }

        /// <summary>After <c>\u</c>: either bpftrace's <c>ffffffXX</c> raw byte, or a normal 4-digit code unit.</summary>
        private void ReadUnicodeEscape(List<byte> bytes)
        {
            var rest = _text[_position..];
            if (rest.Length >= 8 && rest[..6].SequenceEqual("ffffff"u8) && IsHex(rest[6]) && IsHex(rest[7]))
            {
                bytes.Add((byte)(HexValue(rest[6]) * 16 + HexValue(rest[7])));
                _position += 8;
                return;
            }

            var unit = ReadHex4();
            if (char.IsHighSurrogate((char)unit) && _text[_position..].StartsWith("\\u"u8))
            {
                _position += 2;
                var low = ReadHex4();
                var pair = char.IsLowSurrogate((char)low) ? char.ConvertToUtf32((char)unit, (char)low) : throw Error("unpaired surrogate");
                bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(pair)));
                return;
            }

            if (char.IsSurrogate((char)unit))
            {
                throw Error("unpaired surrogate");
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(((char)unit).ToString()));
        }

        private int ReadHex4()
        {
            var value = 0;
            for (var i = 0; i < 4; i++)
            {
                var c = Next();
                value = IsHex(c) ? value * 16 + HexValue(c) : throw Error("bad \\u escape");
            }

            return value;
        }

        private long ReadInteger()
        {
            var start = _position;
            if (Peek() == '-')
            {
                _position++;
            }

            while (_position < _text.Length && _text[_position] is >= (byte)'0' and <= (byte)'9')
            {
                _position++;
            }

            var digits = Encoding.ASCII.GetString(_text[start.._position]);
            if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            // bpftrace prints unsigned 64-bit values above long.MaxValue too: keep their bits.
            return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var unsigned)
                ? unchecked((long)unsigned)
                : throw Error("expected a value");
        }

        private object? ReadLiteral(string word, object? value)
        {
            foreach (var c in word)
            {
                if (Next() != c)
                {
                    throw Error("expected a value");
                }
            }

            return value;
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length && _text[_position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                _position++;
            }
        }

        private readonly byte Peek() => _position < _text.Length ? _text[_position] : throw Error("unexpected end of line");

        private byte Next()
        {
            var c = Peek();
            _position++;
            return c;
        }

        private bool TryConsume(byte expected)
        {
            if (_position < _text.Length && _text[_position] == expected)
            {
                _position++;
                return true;
            }

            return false;
        }

        private void Expect(byte expected)
        {
            if (!TryConsume(expected))
            {
                throw Error($"expected '{(char)expected}'");
            }
        }

        private readonly FormatException Error(string what) =>
            new($"{what} at column {_position + 1}");

        private static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

        private static int HexValue(byte c) => c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            _ => c - 'A' + 10,
        };
    }
}
