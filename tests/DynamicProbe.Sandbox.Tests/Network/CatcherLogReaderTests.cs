using DynamicProbe.Sandbox.Network;

namespace DynamicProbe.Sandbox.Tests.Network;

/// <summary>The catcher's records file read back on the host, with the schema of src/DynamicProbe.Sinkhole/README.md.</summary>
public class CatcherLogReaderTests
{
    private const string Ready = """{"type":"ready","time":"2030-01-01T00:00:00.000Z","pid":7,"tcp_port":46001,"udp_port":46002,"dns_port":46053,"ipv6":false,"udp_original_port":true,"udp_original_port_problem":null,"capture_bytes":16384,"max_connections":512}""";
    private const string Stopped = """{"type":"stopped","time":"2030-01-01T00:00:09.000Z","records_written":3,"records_dropped":0}""";
    private const string Dns = """{"type":"dns","time":"2030-01-01T00:00:01.250Z","transport":"udp","src_port":49645,"name":"exfil.example.org","qtype":"A","qtype_code":1,"qclass":1,"rcode":"NOERROR","answer":"198.19.111.94"}""";
    private const string Tcp = """{"type":"tcp","time":"2030-01-01T00:00:01.500Z","protocol":"tcp","src_port":45384,"dst_address":"198.19.111.94","dst_port":443,"dst_from":"nat","dns_name":"exfil.example.org","sni":"exfil.example.org","http":null,"response":"tls-alert","first_bytes_base64":"FgMB","total_bytes":517,"truncated":true,"end":"closed","duration_ms":14}""";
    private const string Udp = """{"type":"udp","time":"2030-01-01T00:00:02.000Z","protocol":"udp","src_port":57477,"dst_address":null,"dst_port":null,"dst_from":null,"dns_name":null,"first_bytes_base64":"aGk=","total_bytes":2,"truncated":false}""";

    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("catcher-log-test-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task Lookups_and_captures_are_read_with_their_times_and_a_clean_stop_leaves_no_problem()
    {
        var log = await ReadAsync(Ready, Dns, Tcp, Udp, Stopped);

        Assert.That(log.Ready, Is.True);
        Assert.That(log.Stopped, Is.True);
        Assert.That(log.Problems, Is.Empty);
        Assert.That(log.DnsQueries.Single(), Is.EqualTo(new CatcherDnsQuery(At(1.25), "exfil.example.org", "A", "198.19.111.94")));
        Assert.That(log.Captures, Is.EqualTo(new[]
        {
            new CatcherCapture(At(1.5), "tcp", "198.19.111.94", 443, "exfil.example.org", "exfil.example.org", "FgMB", 517),
            new CatcherCapture(At(2), "udp", null, null, null, null, "aGk=", 2),
        }));
    }

    [Test]
    public async Task Without_the_stopped_record_the_records_are_known_to_be_cut_short()
    {
        var log = await ReadAsync(Ready, Dns);

        Assert.That(log.Stopped, Is.False);
        Assert.That(log.Problems.Single(), Does.Contain("without its stopped record"));
    }

    [Test]
    public async Task Dropped_records_are_summed_by_reason_and_errors_are_named()
    {
        var log = await ReadAsync(
            Ready,
            """{"type":"truncated","time":"2030-01-01T00:00:03.000Z","reason":"rate","dropped":40}""",
            """{"type":"truncated","time":"2030-01-01T00:00:04.000Z","reason":"rate","dropped":2}""",
            """{"type":"error","time":"2030-01-01T00:00:05.000Z","source":"dns","message":"question 1: label of 64 bytes"}""",
            Stopped);

        Assert.That(log.Problems, Is.EqualTo(new[]
        {
            "the sinkhole dropped 42 record(s) to stay bounded (reason: rate)",
            "the sinkhole reported a problem with dns: question 1: label of 64 bytes",
        }));
    }

    [Test]
    public async Task Unreadable_and_unknown_records_are_problems_and_the_rest_is_still_read()
    {
        var log = await ReadAsync(Ready, "{not json", """{"type":"smoke","time":"2030-01-01T00:00:05.000Z"}""", """{"type":"dns","time":"2030-01-01T00:00:05.000Z"}""", Dns, Stopped);

        Assert.That(log.DnsQueries, Has.Count.EqualTo(1));
        Assert.That(log.Problems, Has.Count.EqualTo(3));
        Assert.That(log.Problems[0], Does.StartWith("an unreadable sinkhole record"));
        Assert.That(log.Problems[1], Is.EqualTo("a sinkhole record of unknown type 'smoke'"));
        Assert.That(log.Problems[2], Does.StartWith("an unreadable sinkhole record").And.Contain("\"type\":\"dns\""));
    }

    [Test]
    public async Task A_record_over_the_line_limit_is_skipped_as_a_problem()
    {
        var log = await ReadAsync(Ready, $$"""{"type":"error","time":"2030-01-01T00:00:05.000Z","source":"tcp","message":"{{new string('x', CatcherLogReader.MaxLineBytes)}}"}""", Stopped);

        Assert.That(log.Problems.Single(), Does.StartWith($"a sinkhole record over {CatcherLogReader.MaxLineBytes} bytes was skipped"));
    }

    [Test]
    public async Task A_missing_file_means_the_catcher_never_started()
    {
        var log = await CatcherLogReader.ReadAsync(Path.Combine(folder, "absent.jsonl"), CancellationToken.None);

        Assert.That(log.Ready, Is.False);
        Assert.That(log.Problems.Single(), Does.Contain("does not exist"));
    }

    private static DateTimeOffset At(double seconds) => new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds);

    private async Task<CatcherLog> ReadAsync(params string[] lines)
    {
        var path = Path.Combine(folder, "records.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return await CatcherLogReader.ReadAsync(path, CancellationToken.None);
    }
}
