using System.Globalization;
using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>
/// One line of the records file: a JSON object with <c>type</c> and <c>time</c> (RFC 3339, UTC, milliseconds) first.
/// The schema is documented in README.md beside this project; the host-side reader depends on it.
/// </summary>
public abstract record SinkholeRecord(DateTimeOffset Time)
{
    public abstract string Type { get; }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", Type);
        json.WriteString("time", FormatTime(Time));
        WriteFields(json);
        json.WriteEndObject();
    }

    protected abstract void WriteFields(Utf8JsonWriter json);

    protected static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    protected static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
