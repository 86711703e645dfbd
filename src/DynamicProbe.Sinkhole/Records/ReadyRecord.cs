using System.Text.Json;

namespace DynamicProbe.Sinkhole.Records;

/// <summary>Written once, when every socket listens: the host may start the target after seeing it.</summary>
/// <param name="UdpOriginalPortProblem">Why UDP destination ports cannot be recovered, or null when they can.</param>
public sealed record ReadyRecord(
    DateTimeOffset Time,
    int ProcessId,
    int TcpPort,
    int UdpPort,
    int DnsPort,
    bool Ipv6,
    string? UdpOriginalPortProblem,
    int CaptureBytes,
    int MaxConnections) : SinkholeRecord(Time)
{
    public override string Type => "ready";

    protected override void WriteFields(Utf8JsonWriter json)
    {
        json.WriteNumber("pid", ProcessId);
        json.WriteNumber("tcp_port", TcpPort);
        json.WriteNumber("udp_port", UdpPort);
        json.WriteNumber("dns_port", DnsPort);
        json.WriteBoolean("ipv6", Ipv6);
        json.WriteBoolean("udp_original_port", UdpOriginalPortProblem is null);
        WriteNullable(json, "udp_original_port_problem", UdpOriginalPortProblem);
        json.WriteNumber("capture_bytes", CaptureBytes);
        json.WriteNumber("max_connections", MaxConnections);
    }
}
