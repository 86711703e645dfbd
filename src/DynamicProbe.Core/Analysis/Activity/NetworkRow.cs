using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis.Activity;

/// <summary>
/// One network action of a phase: a socket call (<c>connect</c>, <c>bind</c>, <c>listen</c>, <c>send</c>), a DNS
/// question (<c>dns</c>) or what the sinkhole caught of a connection or datagram (<c>capture</c>).
/// </summary>
/// <param name="Pid">0 when the process is not known (a DNS question or capture the monitor could not match).</param>
/// <param name="Protocol"><c>ipv4</c>, <c>ipv6</c> or <c>unix</c> for socket calls; <c>dns</c>; <c>tcp</c> or <c>udp</c> for captures.</param>
/// <param name="Endpoint">The destination (<c>host:port</c>, a Unix socket path); null for a DNS question.</param>
/// <param name="DnsName">The name asked, or the name the sinkhole's DNS gave the captured destination for.</param>
/// <param name="ServerName">The TLS SNI a capture's first bytes held.</param>
/// <param name="Bytes">What a send asked to send, or what a capture received in all.</param>
/// <param name="Result"><c>ok</c>, the errno name of a failed call, what the DNS answered, or <c>no answer</c>.</param>
public sealed record NetworkRow(
    DateTimeOffset Time,
    StepRef? Step,
    int Pid,
    string Process,
    string Kind,
    string Protocol,
    string? Endpoint,
    string? DnsName,
    string? ServerName,
    long? Bytes,
    string Result);
