using System.Net;
using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Network;

/// <summary>
/// Turns the catcher's records into events of the run's recording, in time order, each attributed to the process
/// that caused it. The catcher sees packets, not processes; the monitor sees processes, not what the packets became.
/// So each catcher record is matched with the monitor's event for the same call, nearest in time:
/// <list type="bullet">
/// <item>a TCP capture with the connect to its original destination (each connect serves one capture);</item>
/// <item>a UDP capture with the sendto or connect naming its destination (one connected socket sends many);</item>
/// <item>a DNS question with the monitor's own reading of the same question (which is then replaced by the catcher's,
/// as that one carries the answer), else with a connect or sendto to port 53.</item>
/// </list>
/// Unmatched records keep pid 0 and process "unknown". Anything the catcher lost makes the recording incomplete.
/// </summary>
internal static class SinkholeEventMerger
{
    public const string UnknownProcess = "unknown";

    /// <summary>The address of a datagram whose destination the catcher could not recover.</summary>
    public const string UnknownAddress = "unknown";

    /// <summary>
    /// How far apart the two sides' times of one call may be. Both clocks are the host's (the monitor converts kernel
    /// monotonic time, the catcher reads wall time, in milliseconds), so they differ by little more than the catcher's
    /// delay in accepting under load; nearest-first matching keeps a wide window safe.
    /// </summary>
    public static readonly TimeSpan MatchWindow = TimeSpan.FromSeconds(5);

    private const int InProgress = -115; // EINPROGRESS: a non-blocking connect, completed later

    public static PhaseRecording Merge(PhaseRecording recording, CatcherLog log)
    {
        var calls = recording.Events.OfType<NetworkEvent>()
            .Where(n => n.Family is AddressFamily.Inet or AddressFamily.Inet6 && (n.Result >= 0 || n.Result == InProgress))
            .ToList();
        var callsByAddress = calls.GroupBy(n => Normalize(n.Address)!)
            .ToDictionary(g => g.Key, g => new NearestInTime<NetworkEvent>(g, MatchWindow), StringComparer.Ordinal);
        var dnsCalls = new NearestInTime<NetworkEvent>(calls.Where(n => n.Port == 53), MatchWindow);
        var monitorDns = recording.Events.OfType<DnsQueryEvent>()
            .GroupBy(d => (d.Name, d.QueryType))
            .ToDictionary(g => g.Key, g => new NearestInTime<DnsQueryEvent>(g, MatchWindow));
        var replaced = new HashSet<ProbeEvent>(ReferenceEqualityComparer.Instance);
        var added = new List<ProbeEvent>();

        foreach (var query in log.DnsQueries)
        {
            ProbeEvent? source = monitorDns.GetValueOrDefault((query.Name, query.QueryType))?.Find(query.Time, _ => true, take: true);
            if (source is not null)
            {
                replaced.Add(source);
            }
            else
            {
                source = dnsCalls.Find(query.Time, n => n.Operation is NetworkOperation.Connect or NetworkOperation.SendTo, take: false);
            }

            added.Add(new DnsQueryEvent(query.Time, source?.Pid ?? 0, source?.Process ?? UnknownProcess, query.Name, query.QueryType, query.Answer));
        }

        foreach (var capture in log.Captures)
        {
            var address = Normalize(capture.Address);
            added.Add(Attribute(capture, address is null ? null : callsByAddress.GetValueOrDefault(address)));
        }

        var events = recording.Events.Where(e => !replaced.Contains(e)).Concat(added).OrderBy(e => e.Time).ToList();
        var health = log.Problems.Count == 0
            ? recording.Health
            : recording.Health with { Failure = string.Join("; ", new[] { recording.Health.Failure }.Concat(log.Problems).OfType<string>()) };
        return recording with { Events = events, Health = health };
    }

    /// <param name="calls">The monitor's connects and sends to the capture's address, if any.</param>
    private static SinkholeCaptureEvent Attribute(CatcherCapture capture, NearestInTime<NetworkEvent>? calls)
    {
        var call = capture.Protocol == "tcp"
            ? calls?.Find(capture.Time, n => n.Operation == NetworkOperation.Connect && n.Port == capture.Port, take: true)
            : calls?.Find(
                capture.Time,
                n => n.Operation is NetworkOperation.SendTo or NetworkOperation.Connect && (capture.Port is null || n.Port == capture.Port),
                take: false);
        return new SinkholeCaptureEvent(
            capture.Time,
            call?.Pid ?? 0,
            call?.Process ?? UnknownProcess,
            capture.Protocol,
            capture.Address ?? UnknownAddress,
            capture.Port ?? call?.Port ?? 0,
            capture.DnsName,
            capture.TlsServerName,
            capture.FirstBytesBase64,
            capture.TotalBytes);
    }

    /// <summary>One text per address: an IPv4-mapped IPv6 address is the IPv4 address.</summary>
    private static string? Normalize(string? address) =>
        address is not null && IPAddress.TryParse(address, out var parsed)
            ? (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed).ToString()
            : address;
}
