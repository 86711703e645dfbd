using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>One question the fake DNS server was asked and what it answered.</summary>
/// <param name="Transport">"udp" or "tcp".</param>
/// <param name="Name">Presentation format, exactly as asked (case kept, odd bytes as \DDD).</param>
/// <param name="QueryType">Mnemonic, e.g. "A", "TXT", "TYPE65280".</param>
/// <param name="Answer">The answer's data as text, or null for an empty answer.</param>
public sealed record DnsQueryRecord(
    DateTimeOffset Time,
    string Transport,
    int SourcePort,
    string Name,
    string QueryType,
    int QueryTypeCode,
    int QueryClass,
    string ResponseCode,
    string? Answer) : SinkholeRecord(Time)
{
    public override string Type => "dns";

    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString("transport", Transport);
        json.WriteNumber("src_port", SourcePort);
        json.WriteString("name", Name);
        json.WriteString("qtype", QueryType);
        json.WriteNumber("qtype_code", QueryTypeCode);
        json.WriteNumber("qclass", QueryClass);
        json.WriteString("rcode", ResponseCode);
        WriteNullable(json, "answer", Answer);
    }
}
