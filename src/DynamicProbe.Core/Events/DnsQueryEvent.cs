namespace DynamicProbe.Core.Events;

/// <summary>
/// A DNS question the program asked: seen by the sinkhole's fake DNS server (network: sinkhole), or decoded from
/// the query datagram the monitor saw leave the program (network: none). <see cref="ProbeEvent.Pid"/> is 0 when
/// the asking process is not known.
/// </summary>
/// <param name="QueryType">A, AAAA, TXT, …</param>
/// <param name="Answer">What the sinkhole answered (its fake address), or null when nothing answered.</param>
public sealed record DnsQueryEvent(
    DateTimeOffset Time,
    int Pid,
    string Process,
    string Name,
    string QueryType,
    string? Answer) : ProbeEvent(Time, Pid, Process);
