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
    public void Each_invalid_byte_is_written_as_hex()
    {
        Assert.That(TraceText.Decode([(byte)'a', 0xff, 0xfe, (byte)'b']), Is.EqualTo("a\\xff\\xfeb"));
    }

    [Test]
    public void A_multibyte_character_cut_by_the_buffer_end_shows_its_bytes()
    {
        Assert.That(TraceText.Decode([(byte)'a', 0xe2, 0x82]), Is.EqualTo("a\\xe2\\x82"));
    }
}
