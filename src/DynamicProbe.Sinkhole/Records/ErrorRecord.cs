using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>Something went wrong or arrived malformed; the catcher carried on.</summary>
/// <param name="Source">"dns", "tcp", "udp" or "sinkhole".</param>
public sealed record ErrorRecord(DateTimeOffset Time, string Source, string Message) : SinkholeRecord(Time)
{
    public override string Type => "error";

    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString("source", Source);
        json.WriteString("message", Message);
    }
}
