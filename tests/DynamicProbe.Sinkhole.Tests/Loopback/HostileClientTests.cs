using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DynamicProbe.Sinkhole.Tests.Support;

namespace DynamicProbe.Sinkhole.Tests.Loopback;

/// <summary>
/// The catcher as its own process (so its memory is its own) against clients that try to hurt it: it stays up,
/// bounded, answering, and it says what it did not keep.
/// </summary>
public class HostileClientTests
{
    /// <summary>Resident memory a catcher may reach under any of these attacks: the runtime plus its fixed buffers.</summary>
    private const long MemoryBound = 100L * 1024 * 1024;

    private static readonly string[] LoopbackPorts = ["--listen", "127.0.0.1", "--tcp-port", "0", "--udp-port", "0", "--dns-port", "0"];

    [Test]
    public async Task Two_thousand_connections_that_never_send_are_all_recorded_and_dns_still_answers()
    {
        await using var catcher = await CatcherProcess.StartAsync([.. LoopbackPorts, "--idle-timeout-ms", "1500"]);
        var clients = new List<Socket>();
        try
        {
            for (var batch = 0; batch < 10; batch++)
            {
                clients.AddRange(await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => ClientSockets.ConnectAsync(catcher.Tcp))));
            }

            var asking = Stopwatch.StartNew();
            var answer = await AskAsync(catcher.Dns, "still-there.example.com");
            asking.Stop();

            Assert.That(answer, Is.Not.Null, "the fake resolver answers while 2000 connections hang");
            Assert.That(asking.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
            var records = await catcher.WaitAsync(r => r.OfType("tcp").Count() == 2000, TimeSpan.FromSeconds(20));
            var ends = records.OfType("tcp").GroupBy(t => t.Text("end")).ToDictionary(g => g.Key!, g => g.Count());
            Assert.That(ends.Keys, Is.SubsetOf(new[] { "idle", "overloaded" }));
            Assert.That(ends.GetValueOrDefault("idle"), Is.InRange(1, 512), "at most max-connections are listened to at once");
            Assert.That(ends.GetValueOrDefault("overloaded"), Is.GreaterThanOrEqualTo(2000 - 512));
            AssertMemoryBounded(catcher);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task Fifty_megabytes_of_garbage_on_one_connection_are_counted_but_not_kept()
    {
        await using var catcher = await CatcherProcess.StartAsync(LoopbackPorts);
        const int total = 50 * 1024 * 1024;
        var chunk = new byte[1024 * 1024];
        new Random(7).NextBytes(chunk);
        chunk[0] = 0; // neither HTTP nor TLS

        using (var client = await ClientSockets.ConnectAsync(catcher.Tcp))
        {
            for (var sent = 0; sent < total; sent += chunk.Length)
            {
                await client.SendAsync(chunk);
            }

            client.Shutdown(SocketShutdown.Send);
            await ClientSockets.ReadToEndAsync(client);
        }

        var tcp = (await catcher.WaitAsync(r => r.OfType("tcp").Any())).OfType("tcp").Single();
        Assert.That(tcp.GetProperty("total_bytes").GetInt64(), Is.EqualTo(total));
        Assert.That(tcp.GetProperty("first_bytes_base64").GetBytesFromBase64(), Is.EqualTo(chunk[..(16 * 1024)]));
        Assert.That(tcp.GetProperty("truncated").GetBoolean(), Is.True);
        Assert.That(tcp.Text("end"), Is.EqualTo("closed"));
        Assert.That(new FileInfo(catcher.RecordsPath).Length, Is.LessThan(64 * 1024), "the record is bounded");
        AssertMemoryBounded(catcher);
    }

    [Test]
    public async Task Malformed_dns_is_recorded_as_errors_and_the_resolver_keeps_answering()
    {
        await using var catcher = await CatcherProcess.StartAsync(LoopbackPorts);
        using var flood = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(11);
        for (var i = 0; i < 3000; i++)
        {
            var garbage = new byte[random.Next(0, 600)];
            random.NextBytes(garbage);
            if (garbage.Length > 2)
            {
                garbage[2] &= 0x7F; // a query, not a response, so it earns a FORMERR
            }

            await flood.SendToAsync(garbage, SocketFlags.None, catcher.Dns);
        }

        byte[] pointerLoop = [0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        await flood.SendToAsync(pointerLoop, SocketFlags.None, catcher.Dns);

        var answer = await AskAsync(catcher.Dns, "after-the-flood.example.com");

        Assert.That(answer, Is.Not.Null);
        Assert.That(catcher.HasExited, Is.False);
        var records = await catcher.WaitAsync(r => r.OfType("dns").Any(d => d.Text("name") == "after-the-flood.example.com"));
        Assert.That(records.OfType("error").Count(), Is.GreaterThan(100));
        Assert.That(records.OfType("error").All(e => e.Text("source") == "dns"), Is.True);
        AssertMemoryBounded(catcher);
    }

    [Test]
    public async Task Past_the_record_limit_the_catcher_says_how_many_it_dropped()
    {
        await using var catcher = await CatcherProcess.StartAsync([.. LoopbackPorts, "--max-records", "50"]);
        for (var i = 0; i < 300; i++)
        {
            Assert.That(await AskAsync(catcher.Dns, $"q{i}.example.com"), Is.Not.Null);
        }

        Assert.That(await catcher.StopAsync(), Is.Zero);

        var records = RecordLines.Read(catcher.RecordsPath);
        Assert.That(records.OfType("dns").Count(), Is.EqualTo(50));
        Assert.That(records.OfType("truncated").Where(t => t.Text("reason") == "total-records").Sum(t => t.GetProperty("dropped").GetInt64()), Is.EqualTo(250));
        Assert.That(records[^1].Text("type"), Is.EqualTo("stopped"));
        Assert.That(records[^1].GetProperty("records_dropped").GetInt64(), Is.EqualTo(250));
    }

    private static void AssertMemoryBounded(CatcherProcess catcher)
    {
        var peak = catcher.PeakResidentBytes;
        TestContext.Out.WriteLine($"catcher peak resident memory: {peak / (1024 * 1024)} MiB");
        Assert.That(peak, Is.LessThan(MemoryBound), catcher.ToString());
    }

    /// <summary>An A query with a few retries (UDP may drop under a flood); null when no answer came.</summary>
    private static async Task<IPAddress?> AskAsync(IPEndPoint dns, string name)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(dns);
        var buffer = new byte[512];
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await client.SendAsync(DnsPackets.Query(name, 1));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
            try
            {
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                return new IPAddress(DnsPackets.AnswerData(buffer[..read]));
            }
            catch (OperationCanceledException)
            {
            }
        }

        return null;
    }
}
