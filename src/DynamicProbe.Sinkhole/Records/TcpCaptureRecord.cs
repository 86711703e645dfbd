using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>One caught TCP connection.</summary>
/// <param name="Time">When it was accepted.</param>
/// <param name="DestinationFrom">"conntrack" when the address is the original destination from the connection-tracking
/// table (SO_ORIGINAL_DST; for a connection that was not redirected that is the catcher itself); "socket" when the table
/// had no entry and the address is the catcher's own.</param>
/// <param name="Response">What the catcher answered: "http", "tls-alert", "dns", or null for nothing.</param>
/// <param name="FirstBytes">The first bytes the program sent, at most the capture limit.</param>
/// <param name="TotalBytes">Every byte the program sent, also past the capture limit, until <paramref name="End"/>.</param>
public sealed record TcpCaptureRecord(
    DateTimeOffset Time,
    int SourcePort,
    string DestinationAddress,
    int DestinationPort,
    string DestinationFrom,
    string? DnsName,
    string? ServerName,
    HttpRequestSummary? Http,
    string? Response,
    byte[] FirstBytes,
    long TotalBytes,
    TcpConnectionEnd End,
    long DurationMilliseconds) : SinkholeRecord(Time)
{
    public override string Type => "tcp";

    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteString("protocol", "tcp");
        json.WriteNumber("src_port", SourcePort);
        json.WriteString("dst_address", DestinationAddress);
        json.WriteNumber("dst_port", DestinationPort);
        json.WriteString("dst_from", DestinationFrom);
        WriteNullable(json, "dns_name", DnsName);
        WriteNullable(json, "sni", ServerName);
        if (Http is null)
        {
            json.WriteNull("http");
        }
        else
        {
            json.WriteStartObject("http");
            json.WriteString("method", Http.Method);
            json.WriteString("target", Http.Target);
            WriteNullable(json, "host", Http.Host);
            json.WriteEndObject();
        }

        WriteNullable(json, "response", Response);
        json.WriteBase64String("first_bytes_base64", FirstBytes);
        json.WriteNumber("total_bytes", TotalBytes);
        json.WriteBoolean("truncated", TotalBytes > FirstBytes.Length);
        json.WriteString("end", EndText(End));
        json.WriteNumber("duration_ms", DurationMilliseconds);
    }

    private static string EndText(TcpConnectionEnd end) => end switch
    {
        TcpConnectionEnd.Closed => "closed",
        TcpConnectionEnd.Idle => "idle",
        TcpConnectionEnd.Deadline => "deadline",
        TcpConnectionEnd.ByteCap => "byte-cap",
        TcpConnectionEnd.Reset => "reset",
        TcpConnectionEnd.Overloaded => "overloaded",
        TcpConnectionEnd.Shutdown => "shutdown",
        _ => throw new ArgumentOutOfRangeException(nameof(end), end, null),
    };
}
