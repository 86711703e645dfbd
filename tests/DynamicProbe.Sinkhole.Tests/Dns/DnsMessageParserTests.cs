using DynamicProbe.Sinkhole.Dns;
using DynamicProbe.Sinkhole.Tests.Support;

namespace DynamicProbe.Sinkhole.Tests.Dns;

public class DnsMessageParserTests
{
    [Test]
    public void A_stub_resolver_query_parses_with_name_type_and_flags()
    {
        var result = DnsMessageParser.Parse(DnsPackets.Query("Exfil.Example.COM", 28, id: 0xBEEF));

        Assert.That(result.Problem, Is.Null);
        var query = result.Query!;
        Assert.That(query.Id, Is.EqualTo(0xBEEF));
        Assert.That(query.IsResponse, Is.False);
        Assert.That(query.RecursionDesired, Is.True);
        Assert.That(query.Questions, Has.Count.EqualTo(1));
        Assert.That(query.Questions[0].Name, Is.EqualTo("Exfil.Example.COM"), "case is kept as asked");
        Assert.That(query.Questions[0].Type, Is.EqualTo(28));
        Assert.That(query.Questions[0].WireName, Is.EqualTo(DnsPackets.Name("Exfil.Example.COM")));
    }

    [Test]
    public void Long_base64_and_hex_labels_come_back_exactly()
    {
        var base64Label = "QUtJQUlPU0ZPRE5ON0VYQU1QTEUrL3NlY3JldA"; // 38 bytes
        var hexLabel = new string('a', 31) + "0123456789abcdef0123456789abcdef";  // 63 bytes, the longest allowed
        var name = $"{base64Label}.{hexLabel}.x.example.net";

        var query = DnsMessageParser.Parse(DnsPackets.Query(name, 16)).Query!;

        Assert.That(query.Questions[0].Name, Is.EqualTo(name));
    }

    [Test]
    public void Bytes_outside_printable_ascii_and_dots_inside_labels_are_escaped_reversibly()
    {
        byte[] packet =
        [
            0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0,
            4, (byte)'a', (byte)'.', 0x00, 0xFF, 3, (byte)'b', (byte)'\\', (byte)' ', 0,
            0, 1, 0, 1,
        ];

        var query = DnsMessageParser.Parse(packet).Query!;

        Assert.That(query.Questions[0].Name, Is.EqualTo(@"a\.\000\255.b\\\032"));
    }

    [Test]
    public void A_backward_compression_pointer_is_followed()
    {
        // Question 1 is "example.com"; question 2 is "www" + pointer to question 1's name at offset 12.
        byte[] packet =
        [
            0, 7, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0,
            .. DnsPackets.Name("example.com"), 0, 1, 0, 1,
            3, (byte)'w', (byte)'w', (byte)'w', 0xC0, 12, 0, 1, 0, 1,
        ];

        var query = DnsMessageParser.Parse(packet).Query!;

        Assert.That(query.Questions.Select(q => q.Name), Is.EqualTo(new[] { "example.com", "www.example.com" }));
        Assert.That(query.Questions[1].WireName, Is.EqualTo(DnsPackets.Name("www.example.com")), "re-encoded uncompressed");
    }

    private static IEnumerable<TestCaseData> MalformedPackets()
    {
        yield return new TestCaseData(Array.Empty<byte>(), false).SetName("empty");
        yield return new TestCaseData(new byte[] { 1, 2, 3, 4, 5 }, false).SetName("shorter than a header");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 }, true).SetName("question missing");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, (byte)'a', 0 }, true).SetName("label past the end");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, (byte)'a', 0, 0, 1 }, true).SetName("class cut off");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1 }, true).SetName("pointer to itself");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 40, 0, 1, 0, 1 }, true).SetName("pointer forward");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0 }, true).SetName("pointer cut off");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 1, 0, 1 }, true).SetName("extended label type");
        yield return new TestCaseData(new byte[] { 0, 1, 1, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0 }, true).SetName("65535 questions claimed");
        var longLabel = new byte[] { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 64 }.Concat(new byte[64]).Concat(new byte[] { 0, 0, 1, 0, 1 }).ToArray();
        yield return new TestCaseData(longLabel, true).SetName("label of 64 bytes");
        var longName = new List<byte> { 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
        for (var i = 0; i < 5; i++)
        {
            longName.Add(63);
            longName.AddRange(Enumerable.Repeat((byte)'x', 63));
        }

        longName.AddRange(new byte[] { 0, 0, 1, 0, 1 });
        yield return new TestCaseData(longName.ToArray(), true).SetName("name over 255 bytes");
    }

    [TestCaseSource(nameof(MalformedPackets))]
    public void Malformed_packets_give_a_problem_never_an_exception(byte[] packet, bool idKnown)
    {
        var result = DnsMessageParser.Parse(packet);

        Assert.That(result.Query, Is.Null);
        Assert.That(result.Problem, Is.Not.Null.And.Not.Empty);
        Assert.That(result.Id.HasValue, Is.EqualTo(idKnown));
    }

    [Test]
    public void Random_garbage_never_throws()
    {
        var random = new Random(1234);
        for (var i = 0; i < 20_000; i++)
        {
            var packet = new byte[random.Next(0, 300)];
            random.NextBytes(packet);
            if (packet.Length > 5 && random.Next(2) == 0)
            {
                packet[4] = 0;
                packet[5] = 1; // one question, so the name walker is exercised
            }

            Assert.DoesNotThrow(() => DnsMessageParser.Parse(packet));
        }
    }
}
