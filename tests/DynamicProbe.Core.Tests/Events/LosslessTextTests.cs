using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Tests.Events;

public sealed class LosslessTextTests
{
    [Test]
    public void ValidUtf8IsKeptControlCharactersIncluded()
    {
        Assert.That(LosslessText.Decode("/tmp/é\n\"x\"\u202e"u8), Is.EqualTo("/tmp/é\n\"x\"\u202e"));
    }

    [Test]
    public void AnInvalidByteBecomesTheLoneSurrogateOfThatByte()
    {
        Assert.That(LosslessText.Decode([(byte)'a', 0xff, 0x80, (byte)'b']), Is.EqualTo("a\udcff\udc80b"));
    }

    [Test]
    public void TheByteAndTheTextNamingItStayDistinct()
    {
        var theByte = LosslessText.Decode([(byte)'/', 0xff]);
        var theText = LosslessText.Decode(@"/\xff"u8);

        Assert.That(theByte, Is.Not.EqualTo(theText));
        Assert.That(LosslessText.EscapedByte(theByte[1]), Is.EqualTo(0xff));
        Assert.That(theText.Select(LosslessText.EscapedByte), Is.All.Null);
    }

    [Test]
    public void AMultibyteCharacterCutByTheBufferEndKeepsItsBytes()
    {
        Assert.That(LosslessText.Decode([(byte)'a', 0xe2, 0x82]), Is.EqualTo("a\udce2\udc82"));
    }

    [Test]
    public void AnEncodedSurrogateIsInvalidUtf8SoItsBytesAreKeptNotDecoded()
    {
        // ED B3 BF would be U+DCFF in CESU-8: decoding it would forge an escaped byte.
        Assert.That(LosslessText.Decode([0xed, 0xb3, 0xbf]), Is.EqualTo("\udced\udcb3\udcbf"));
    }
}
