using System.Net;

namespace DynamicProbe.Sinkhole.Udp;

/// <summary>
/// Finds original UDP destinations in <c>/proc/net/nf_conntrack</c> of the catcher's own network namespace. A
/// redirected datagram from S to D arrives from S at the catcher's port P; its flow's reply tuple is P → S, and its
/// original tuple names D. Readable by uid 0 of the namespace's owner (mode 0440 root), no capability needed.
/// </summary>
public sealed class ConntrackOriginalDestination : IUdpOriginalDestination
{
    public const string DefaultPath = "/proc/net/nf_conntrack";

    private readonly string _path;

    public ConntrackOriginalDestination(string path = DefaultPath)
    {
        _path = path;
        Problem = Probe(path);
    }

    public string? Problem { get; }

    public IReadOnlyDictionary<IPEndPoint, IPEndPoint> Find(IReadOnlyCollection<IPEndPoint> sources, int localPort)
    {
        var found = new Dictionary<IPEndPoint, IPEndPoint>();
        if (Problem is not null || sources.Count == 0)
        {
            return found;
        }

        var wanted = sources.Select(Normalize).ToHashSet();
        try
        {
            // One pass over the table serves a whole batch of datagrams: under a flood the table is long.
            foreach (var line in File.ReadLines(_path))
            {
                if (!line.Contains(" udp ", StringComparison.Ordinal)
                    || ConntrackEntry.TryParse(line) is not { Protocol: "udp" } entry
                    || entry.ReplySource.Port != localPort)
                {
                    continue;
                }

                var source = Normalize(entry.ReplyDestination);
                if (wanted.Contains(source))
                {
                    found[source] = entry.OriginalDestination;
                    if (found.Count == wanted.Count)
                    {
                        break;
                    }
                }
            }
        }
        catch (IOException)
        {
            // The table vanished or could not be read this time: those datagrams keep an unknown port.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return sources.Where(s => found.ContainsKey(Normalize(s))).ToDictionary(s => s, s => found[Normalize(s)]);
    }

    private static IPEndPoint Normalize(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;

    private static string? Probe(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            _ = stream.ReadByte();
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"cannot read {path}: {exception.Message}";
        }
    }
}
