using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Tests.Monitoring;

namespace DynamicProbe.Sandbox.Tests.Network;

/// <summary>
/// The monitor's DNS visibility (network: none): monitor.bt prints the datagrams a program sends towards port 53 as
/// u64 words (records 44 and 45), and the assembler reads the questions out of them.
/// </summary>
public class MonitorDnsQuestionTests
{
    private const int Pid = 700;
    private const int WordsPerRecord = 24;

    [Test]
    public void A_query_becomes_a_lookup_of_its_name_and_type_by_the_process_without_an_answer()
    {
        var assembler = Run(Exec(100, "/usr/bin/getent"), Datagram(200, Query("exfil.example.org", 1)));

        var lookup = assembler.OfType<DnsQueryEvent>().Single();
        Assert.That(lookup, Is.EqualTo(new DnsQueryEvent(MonitorFixtures.Epoch.AddTicks(2), Pid, "/usr/bin/getent", "exfil.example.org", "A", null)));
    }

    [Test]
    public void Both_datagrams_of_a_sendmmsg_are_read()
    {
        var assembler = Run(Exec(100, "/app/App"), Datagram(200, Query("a.example.net", 1)), Datagram(200, Query("a.example.net", 28)));

        Assert.That(assembler.OfType<DnsQueryEvent>().Select(d => (d.Name, d.QueryType)),
            Is.EqualTo(new[] { ("a.example.net", "A"), ("a.example.net", "AAAA") }));
    }

    [Test]
    public void A_datagram_longer_than_one_record_is_joined_with_its_second_part()
    {
        var label = new string('q', 63);
        var name = $"{label}.{label}.{label}.exfil.example.com"; // 221 bytes on the wire: past the first record
        var assembler = Run(Exec(100, "/app/App"), Datagram(200, Query(name, 16)));

        Assert.That(assembler.OfType<DnsQueryEvent>().Single().Name, Is.EqualTo(name));
        Assert.That(assembler.OfType<DnsQueryEvent>().Single().QueryType, Is.EqualTo("TXT"));
    }

    [Test]
    public void A_long_datagram_whose_second_part_never_came_is_read_from_its_first_part_at_the_end()
    {
        var padded = Query("short.example.com", 1).Concat(new byte[300]).ToArray(); // e.g. EDNS padding
        var lines = Datagram(200, padded);

        var assembler = Run(Exec(100, "/app/App"), lines[0]);

        Assert.That(assembler.OfType<DnsQueryEvent>().Single().Name, Is.EqualTo("short.example.com"));
        Assert.That(assembler.Problems.Count, Is.Zero);
    }

    [Test]
    public void A_second_part_without_its_first_is_a_problem()
    {
        var lines = Datagram(200, Query("x.example.com", 1).Concat(new byte[300]).ToArray());

        var assembler = Run(Exec(100, "/app/App"), lines[1]);

        Assert.That(assembler.OfType<DnsQueryEvent>(), Is.Empty);
        Assert.That(assembler.Problems.Describe(), Does.Contain("DNS datagram continuation without its start"));
    }

    [Test]
    public void A_query_over_tcp_is_read_past_its_length_prefix()
    {
        var query = Query("tcp.example.org", 1);
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);

        var assembler = Run(Exec(100, "/app/App"), Datagram(200, framed));

        Assert.That(assembler.OfType<DnsQueryEvent>().Single().Name, Is.EqualTo("tcp.example.org"));
    }

    [Test]
    public void Odd_bytes_in_a_label_are_escaped_as_the_catcher_escapes_them()
    {
        var query = Query("x", 65280);
        byte[] label = [4, (byte)'a', (byte)'.', 0xff, (byte)'\\'];
        var withOddLabel = query[..12].Concat(label).Concat(query[12..]).ToArray();

        var assembler = Run(Exec(100, "/app/App"), Datagram(200, withOddLabel));

        Assert.That(assembler.OfType<DnsQueryEvent>().Single().Name, Is.EqualTo(@"a\.\255\\.x"));
        Assert.That(assembler.OfType<DnsQueryEvent>().Single().QueryType, Is.EqualTo("TYPE65280"));
    }

    [TestCase("response")]
    [TestCase("garbage")]
    [TestCase("label past the end")]
    [TestCase("no question")]
    public void What_is_not_a_well_formed_query_gives_no_lookup(string kind)
    {
        var query = Query("x.example.com", 1);
        var datagram = kind switch
        {
            "response" => Flip(query, 2, 0x80),
            "garbage" => Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
            "label past the end" => query[..15],
            _ => Flip(query, 5, 0x01), // question count 0
        };

        var assembler = Run(Exec(100, "/app/App"), Datagram(200, datagram));

        Assert.That(assembler.OfType<DnsQueryEvent>(), Is.Empty);
        Assert.That(assembler.Problems.Count, Is.Zero, "a program's odd datagram is not the monitor's problem");
    }

    [Test]
    public void The_runtimes_own_setup_is_not_reported()
    {
        var assembler = Run(Datagram(200, Query("runc.example.com", 1)));

        Assert.That(assembler.OfType<DnsQueryEvent>(), Is.Empty);
    }

    /// <summary>A standard query (RD set) with one question, as glibc builds it.</summary>
    private static byte[] Query(string name, ushort type)
    {
        var bytes = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. bytes];
    }

    private static byte[] Flip(byte[] bytes, int index, byte bits)
    {
        var copy = bytes.ToArray();
        copy[index] ^= bits;
        return copy;
    }

    /// <summary>The records monitor.bt prints for one datagram: its first 192 bytes, and the next 192 when longer.</summary>
    private static byte[][] Datagram(long ns, byte[] datagram)
    {
        var records = new List<byte[]>();
        for (var offset = 0; offset == 0 || offset < Math.Min(datagram.Length, 2 * WordsPerRecord * 8); offset += WordsPerRecord * 8)
        {
            var chunk = new byte[WordsPerRecord * 8];
            datagram.AsSpan(offset, Math.Min(chunk.Length, datagram.Length - offset)).CopyTo(chunk);
            var words = Enumerable.Range(0, WordsPerRecord).Select(w => BinaryPrimitives.ReadUInt64LittleEndian(chunk.AsSpan(w * 8)));
            records.Add(Tuple([ns, Pid, Pid, offset == 0 ? 44 : 45, datagram.Length, .. words.Select(w => (object)w)]));
        }

        return [.. records];
    }

    private static byte[] Exec(long ns, string path) => Tuple([ns, Pid, Pid, 1, 1, 0, path]);

    private static byte[] Tuple(object[] fields) =>
        Encoding.UTF8.GetBytes($$"""{"type": "value", "data": [{{string.Join(",", fields.Select(f => f is string s ? JsonSerializer.Serialize(s) : Convert.ToString(f, CultureInfo.InvariantCulture)))}}]}""");

    private static EventAssembler Run(params object[] lines) =>
        MonitorFixtures.Assemble(lines.SelectMany(l => l as byte[][] ?? [(byte[])l]), "/");
}
