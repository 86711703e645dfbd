using System.Globalization;
using System.Net;
using DynamicProbe.Sinkhole.Records;
using DynamicProbe.Sinkhole.Tcp;

namespace DynamicProbe.Sinkhole.Hosting;

/// <summary>Parses the catcher's command line: <c>--name value</c> pairs and a few flags, nothing clever.</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: dotnet DynamicProbe.Sinkhole.dll --records PATH [options]
          --records PATH            JSON-lines records file (appended to, one flushed line per record)
          --tcp-port N              TCP catch-all port (default 15001; 0 = any free port)
          --udp-port N              UDP catch-all port (default 15002)
          --dns-port N              fake DNS port, UDP (default 15053); DNS over TCP comes through the TCP port
          --listen ADDRESS          address to listen on (default 0.0.0.0; DNS also listens on 127.0.0.1)
          --ipv6                    also listen on IPv6 and answer AAAA with fd00::/96 fakes
          --capture-bytes N         first bytes kept per connection or datagram (default 16384)
          --idle-timeout-ms N       a connection silent this long is done (default 2000)
          --deadline-ms N           longest a connection is listened to (default 10000)
          --max-connections N       connections handled at once (default 512)
          --max-records N           records written in all (default 100000)
          --max-record-bytes N      bytes written in all (default 67108864)
          --records-per-second N    sustained record rate (default 2000, bursts of 10000)
          --max-names N             DNS names given their own fake address (default 16384)
          --conntrack PATH          connection-tracking table (default /proc/net/nf_conntrack)
        """;

    private static readonly HashSet<string> ValueOptions =
    [
        "--records", "--tcp-port", "--udp-port", "--dns-port", "--listen", "--capture-bytes", "--idle-timeout-ms", "--deadline-ms",
        "--max-connections", "--max-records", "--max-record-bytes", "--records-per-second", "--max-names", "--conntrack",
    ];

    public static SinkholeOptions Parse(IReadOnlyList<string> args)
    {
        string? records = null;
        var options = new SinkholeOptions(string.Empty);
        var capture = new CaptureLimits();
        var limits = new RecordLimits();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--ipv6")
            {
                options = options with { Ipv6 = true };
                continue;
            }

            if (!ValueOptions.Contains(name))
            {
                throw new UsageException($"unknown option {name}.");
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"{name} needs a value.");
            }

            var value = args[++i];
            switch (name)
            {
                case "--records": records = value; break;
                case "--tcp-port": options = options with { TcpPort = Port(name, value) }; break;
                case "--udp-port": options = options with { UdpPort = Port(name, value) }; break;
                case "--dns-port": options = options with { DnsPort = Port(name, value) }; break;
                case "--listen": options = options with { ListenAddress = Address(name, value) }; break;
                case "--capture-bytes": capture = capture with { CaptureBytes = Number(name, value, 16, 1 << 20) }; break;
                case "--idle-timeout-ms": capture = capture with { IdleTimeout = Milliseconds(name, value) }; break;
                case "--deadline-ms": capture = capture with { Deadline = Milliseconds(name, value) }; break;
                case "--max-connections": capture = capture with { MaxConnections = Number(name, value, 1, 100_000) }; break;
                case "--max-records": limits = limits with { MaxRecords = Number(name, value, 1, int.MaxValue) }; break;
                case "--max-record-bytes": limits = limits with { MaxBytes = Number(name, value, 4096, int.MaxValue) }; break;
                case "--records-per-second":
                    var rate = Number(name, value, 1, 1_000_000);
                    limits = limits with { RecordsPerSecond = rate, Burst = Math.Max(rate, limits.Burst) };
                    break;
                case "--max-names": options = options with { MaxNames = Number(name, value, 1, 65536) }; break;
                case "--conntrack": options = options with { ConntrackPath = value }; break;
                default: throw new UsageException($"unknown option {name}."); // unreachable while ValueOptions lists every case
            }
        }

        if (string.IsNullOrEmpty(records))
        {
            throw new UsageException("--records PATH is required: where to write the JSON-lines records.");
        }

        return options with { RecordsPath = records, Capture = capture, Records = limits };
    }

    private static int Number(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new UsageException($"{name} {value}: expected a whole number from {min} to {max}.");
        }

        return number;
    }

    private static int Port(string name, string value) => Number(name, value, 0, 65535);

    private static TimeSpan Milliseconds(string name, string value) => TimeSpan.FromMilliseconds(Number(name, value, 1, 3_600_000));

    private static IPAddress Address(string name, string value) =>
        IPAddress.TryParse(value, out var address)
            ? address
            : throw new UsageException($"{name} {value}: expected an IP address such as 0.0.0.0 or 127.0.0.1.");
}
