using System.Globalization;
using System.Text;

namespace DynamicProbe.Benchmarks.EventPath;

/// <summary>
/// Writes lines the way <c>bpftrace -f json</c> does: <c>{"type": "value", "data": [...]}</c> for a tuple,
/// <c>{"type": "printf", "data": "..."}</c> for a printf.
/// </summary>
internal sealed class TraceStreamWriter(Stream output) : IDisposable
{
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(false), 1 << 16);

    public long Lines { get; private set; }

    public void Printf(string text)
    {
        _writer.Write("{\"type\": \"printf\", \"data\": ");
        WriteString(text);
        _writer.Write("}\n");
        Lines++;
    }

    /// <summary>One tuple; every field is a long or a string.</summary>
    public void Tuple(params ReadOnlySpan<object> fields)
    {
        _writer.Write("{\"type\": \"value\", \"data\": [");
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            switch (fields[i])
            {
                case string text:
                    WriteString(text);
                    break;
                case long number:
                    _writer.Write(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case int number:
                    _writer.Write(number.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"field {i} is a {fields[i].GetType().Name}, not a long or a string", nameof(fields));
            }
        }

        _writer.Write("]}\n");
        Lines++;
    }

    public void Dispose() => _writer.Dispose();

    private void WriteString(string text)
    {
        _writer.Write('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    _writer.Write("\\\"");
                    break;
                case '\\':
                    _writer.Write("\\\\");
                    break;
                case '\n':
                    _writer.Write("\\n");
                    break;
                case < ' ':
                    _writer.Write(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
                    break;
                default:
                    _writer.Write(c);
                    break;
            }
        }

        _writer.Write('"');
    }
}
