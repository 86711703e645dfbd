using System.Text;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

public class BpftraceJsonParserTests
{
    private static BpftraceLine Parse(string line) => BpftraceJsonParser.Parse(Encoding.UTF8.GetBytes(line));

    [Test]
    public void A_tuple_keeps_integers_and_string_bytes()
    {
        var line = Parse("""{"type": "value", "data": [238708468869,2546,-100,"/usr/bin/bash"]}""");

        var fields = ((TupleLine)line).Fields;
        Assert.That(fields.Take(3).Select(f => f.Number), Is.EqualTo(new[] { 238708468869L, 2546L, -100L }));
        Assert.That(fields[3].Bytes, Is.EqualTo("/usr/bin/bash"u8.ToArray()));
    }

    [Test]
    public void Bpftraces_sign_extended_escape_becomes_the_raw_byte()
    {
        var line = (TupleLine)Parse("""{"type": "value", "data": ["na\uffffffffme\uffffffc3\uffffffa9"]}""");

        Assert.That(line.Fields[0].Bytes, Is.EqualTo(new byte[] { (byte)'n', (byte)'a', 0xff, (byte)'m', (byte)'e', 0xc3, 0xa9 }));
        Assert.That(line.Fields[0].ToString(), Is.EqualTo("na\udcffmeé"));
    }

    [Test]
    public void Json_escapes_for_quotes_newlines_and_control_characters_are_decoded()
    {
        var line = (TupleLine)Parse("""{"type": "value", "data": ["we\"ird\nna\\me\t\u0001\u00e9"]}""");

        Assert.That(line.Fields[0].ToString(), Is.EqualTo("we\"ird\nna\\me\t\u0001é"));
    }

    [Test]
    public void Unsigned_values_above_the_signed_range_keep_their_bits()
    {
        var line = (TupleLine)Parse("""{"type": "value", "data": [18446744073709551615]}""");

        Assert.That(line.Fields[0].Number, Is.EqualTo(-1L));
    }

    [Test]
    public void Lost_events_and_printf_lines_are_recognised()
    {
        Assert.That(Parse("""{"type": "lost_events", "data": {"events": 909}}"""), Is.EqualTo(new LostEventsLine(909)));
        Assert.That(Parse("""{"type": "printf", "data": "READY\n"}"""), Is.EqualTo(new PrintfLine("READY\n")));
    }

    [TestCase("""{"type": "value", "data": [1, 2""", "expected")]
    [TestCase("""{"type": "map", "data": {"@x": 1}}""", "unexpected record type \"map\"")]
    [TestCase("""{"type": "value", "data": [[1, 2]]}""", "neither an integer nor a string")]
    [TestCase("""not json""", "expected a value")]
    [TestCase("""{"type": "value", "data": ["\q"]}""", "unknown escape")]
    public void Anything_else_is_unreadable_with_a_reason(string text, string reason)
    {
        var line = Parse(text);

        Assert.That(line, Is.TypeOf<UnreadableLine>());
        Assert.That(((UnreadableLine)line).Reason, Does.Contain(reason));
        Assert.That(((UnreadableLine)line).Excerpt, Is.EqualTo(text));
    }
}
