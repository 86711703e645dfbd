using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>One caught UDP datagram (DNS queries are <see cref="DnsQueryRecord"/>s instead).</summary>
/// <param name="DestinationFrom">"conntrack" when address and port come from the NAT table; "packet" when only the
/// address is known (read from the datagram, which a port-only DNAT leaves intact); null when neither is known.</param>
public sealed record UdpCaptureRecord(
    DateTimeOffset Time,
    int SourcePort,
    string? DestinationAddress,
    int? DestinationPort,
    string? DestinationFrom,
    string? DnsName,
    byte[] FirstBytes,
    long TotalBytes) : SinkholeRecord(Time)
{
    public override string Type => "udp";

    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString("protocol", "udp");
        json.WriteNumber("src_port", SourcePort);
        WriteNullable(json, "dst_address", DestinationAddress);
        WriteNullable(json, "dst_port", DestinationPort);
        WriteNullable(json, "dst_from", DestinationFrom);
        WriteNullable(json, "dns_name", DnsName);
        json.WriteBase64String("first_bytes_base64", FirstBytes);
        json.WriteNumber("total_bytes", TotalBytes);
        json.WriteBoolean("truncated", TotalBytes > FirstBytes.Length);
    }
}
