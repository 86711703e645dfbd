using System.Globalization;
using System.Text.Json;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Network;

/// <summary>
/// Reads the catcher's records file (JSON lines; the schema is in src/DynamicProbe.Sinkhole/README.md), bounded:
/// the catcher bounds what it writes, and this reader bounds what it believes, so a file that grew past either limit
/// is reported, never read whole into memory. Whatever cannot be read or says something was lost becomes a problem.
/// </summary>
internal static class CatcherLogReader
{
    /// <summary>Above the catcher's own limit (64 MiB of records), so only a catcher gone wrong reaches it.</summary>
    public const long MaxFileBytes = 96L * 1024 * 1024;

    /// <summary>A record holds at most the catcher's captured bytes in base64 and a few short fields.</summary>
    public const int MaxLineBytes = 1024 * 1024;

    private const int MaxProblems = 16;

    public static async Task<CatcherLog> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return CatcherLog.Empty with { Problems = ["the sinkhole's records file does not exist: the catcher never started"] };
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var builder = new Builder();
        long read = 0;
        await foreach (var (line, cut) in new BoundedLineReader(file, MaxLineBytes).ReadLinesAsync(cancellationToken))
        {
            read += line.Length + 1;
            if (read > MaxFileBytes)
            {
                builder.Problem(string.Create(CultureInfo.InvariantCulture,
                    $"the sinkhole's records file is longer than the {MaxFileBytes} bytes read: its later records are missing"));
                break;
            }

            if (cut)
            {
                builder.Problem($"a sinkhole record over {MaxLineBytes} bytes was skipped: {BpftraceJsonParser.Excerpt(line.Span)}");
            }
            else if (!line.IsEmpty)
            {
                builder.Accept(line);
            }
        }

        return builder.Build();
    }

    private sealed class Builder
    {
        private readonly List<CatcherDnsQuery> _dns = [];
        private readonly List<CatcherCapture> _captures = [];
        private readonly List<string> _problems = [];
        private readonly Dictionary<string, long> _droppedByReason = new(StringComparer.Ordinal);
        private long _unlistedProblems;
        private bool _ready;
        private bool _stopped;

        public void Accept(ReadOnlyMemory<byte> line)
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                Accept(json.RootElement);
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                Problem($"an unreadable sinkhole record ({error.Message}): {BpftraceJsonParser.Excerpt(line.Span)}");
            }
        }

        public void Problem(string text)
        {
            if (_problems.Count < MaxProblems)
            {
                _problems.Add(text);
            }
            else
            {
                _unlistedProblems++;
            }
        }

        public CatcherLog Build()
        {
            var problems = new List<string>();
            problems.AddRange(_droppedByReason.Select(d => string.Create(CultureInfo.InvariantCulture,
                $"the sinkhole dropped {d.Value} record(s) to stay bounded (reason: {d.Key})")));
            if (!_stopped)
            {
                problems.Add("the sinkhole's records end without its stopped record: the catcher died or was killed, so its last records may be missing");
            }

            problems.AddRange(_problems);
            if (_unlistedProblems > 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{_unlistedProblems} more sinkhole problem(s)"));
            }

            return new CatcherLog(_ready, _stopped, _dns, _captures, problems);
        }

        private void Accept(JsonElement record)
        {
            var time = DateTimeOffset.Parse(record.GetProperty("time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            switch (record.GetProperty("type").GetString())
            {
                case "ready":
                    _ready = true;
                    break;
                case "stopped":
                    _stopped = true;
                    break;
                case "dns":
                    _dns.Add(new CatcherDnsQuery(time, Text(record, "name")!, Text(record, "qtype")!, Text(record, "answer")));
                    break;
                case "tcp" or "udp" when Text(record, "protocol") is { } protocol:
                    _captures.Add(new CatcherCapture(
                        time,
                        protocol,
                        Text(record, "dst_address"),
                        Number(record, "dst_port"),
                        Text(record, "dns_name"),
                        protocol == "tcp" ? Text(record, "sni") : null, // a datagram has no TLS handshake
                        Text(record, "first_bytes_base64")!,
                        record.GetProperty("total_bytes").GetInt64()));
                    break;
                case "truncated":
                    var reason = Text(record, "reason")!;
                    _droppedByReason[reason] = _droppedByReason.GetValueOrDefault(reason) + record.GetProperty("dropped").GetInt64();
                    break;
                case "error":
                    Problem($"the sinkhole reported a problem with {Text(record, "source")}: {Text(record, "message")}");
                    break;
                case var other:
                    Problem($"a sinkhole record of unknown type '{other}'");
                    break;
            }
        }

        /// <summary>A string field; null when it is JSON null. A missing field throws: the schema says it is always there.</summary>
        private static string? Text(JsonElement record, string name)
        {
            var value = record.GetProperty(name);
            return value.ValueKind == JsonValueKind.Null ? null : value.GetString();
        }

        private static int? Number(JsonElement record, string name)
        {
            var value = record.GetProperty(name);
            return value.ValueKind == JsonValueKind.Null ? null : value.GetInt32();
        }
    }
}
