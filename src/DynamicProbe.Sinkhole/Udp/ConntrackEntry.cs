using System.Net;

namespace DynamicProbe.Sinkhole.Udp;

/// <summary>One tracked flow: the tuple as the program sent it, and the tuple replies will carry (after NAT).</summary>
public sealed record ConntrackEntry(string Protocol, IPEndPoint OriginalSource, IPEndPoint OriginalDestination, IPEndPoint ReplySource, IPEndPoint ReplyDestination)
{
    /// <summary>
    /// Parses a line of <c>/proc/net/nf_conntrack</c>, e.g.
    /// <c>ipv4 2 udp 17 29 src=A dst=B sport=1 dport=2 [UNREPLIED] src=B' dst=A sport=2' dport=1 mark=0 zone=0 use=2</c>:
    /// the first src/dst/sport/dport are the original direction, the second the reply direction.
    /// </summary>
    public static ConntrackEntry? TryParse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 3)
        {
            return null;
        }

        var addresses = new List<IPAddress>(4);
        var ports = new List<int>(4);
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var key = field.AsSpan(0, equals);
            var value = field.AsSpan(equals + 1);
            if (key is "src" or "dst")
            {
                if (!IPAddress.TryParse(value, out var address))
                {
                    return null;
                }

                addresses.Add(address);
            }
            else if (key is "sport" or "dport")
            {
                if (!int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var port))
                {
                    return null;
                }

                ports.Add(port);
            }
        }

        if (addresses.Count < 4 || ports.Count < 4)
        {
            return null; // ICMP and other port-less flows
        }

        return new ConntrackEntry(
            fields[2],
            new IPEndPoint(addresses[0], ports[0]),
            new IPEndPoint(addresses[1], ports[1]),
            new IPEndPoint(addresses[2], ports[2]),
            new IPEndPoint(addresses[3], ports[3]));
    }
}
