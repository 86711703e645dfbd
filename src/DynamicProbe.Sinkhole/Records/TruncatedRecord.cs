using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>Records were dropped to stay bounded: <paramref name="Dropped"/> since the last such record, for one reason.</summary>
public sealed record TruncatedRecord(DateTimeOffset Time, DropReason Reason, long Dropped) : SinkholeRecord(Time)
{
    public override string Type => "truncated";

    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString("reason", ReasonText(Reason));
        json.WriteNumber("dropped", Dropped);
    }

    private static string ReasonText(DropReason reason) => reason switch
    {
        DropReason.Rate => "rate",
        DropReason.TotalRecords => "total-records",
        DropReason.TotalBytes => "total-bytes",
        DropReason.Backlog => "backlog",
        DropReason.WriteFailed => "write-failed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
