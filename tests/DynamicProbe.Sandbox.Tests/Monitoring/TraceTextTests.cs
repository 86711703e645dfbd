using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

public class TraceTextTests
{
    [Test]
    public void Valid_utf8_is_kept_including_control_characters()
    {
        Assert.That(TraceText.Decode("/tmp/é\n\"x\""u8), Is.EqualTo("/tmp/é\n\"x\""));
    }

    [Test]
    public void Each_invalid_byte_is_kept_as_its_lone_surrogate()
    {
        Assert.That(TraceText.Decode([(byte)'a', 0xff, 0xfe, (byte)'b']), Is.EqualTo("a\udcff\udcfeb"));
    }

    [Test]
    public void An_invalid_byte_and_a_name_spelling_it_stay_distinct()
    {
        Assert.That(TraceText.Decode([(byte)'a', 0xff]), Is.Not.EqualTo(TraceText.Decode(@"a\xff"u8)));
    }

    [Test]
    public void A_multibyte_character_cut_by_the_buffer_end_keeps_its_bytes()
    {
        Assert.That(TraceText.Decode([(byte)'a', 0xe2, 0x82]), Is.EqualTo("a\udce2\udc82"));
    }
}
