using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>The last line of a catcher that stopped cleanly; a file without it was cut short (the catcher died).</summary>
public sealed record StoppedRecord(DateTimeOffset Time, long Written, long Dropped) : SinkholeRecord(Time)
{
    public override string Type => "stopped";

    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteNumber("records_written", Written);
        json.WriteNumber("records_dropped", Dropped);
    }
}
