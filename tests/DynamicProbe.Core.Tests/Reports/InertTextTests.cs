using System.Globalization;
using System.Text;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Core.Tests.Reports;

public sealed class InertTextTests
{
    [Test]
    public void OrdinaryTextIsKeptAsIs()
    {
        const string text = "/home/probe/Données/日本語 ümlaut 😀 \"quoted\" 'single' $HOME";

        Assert.That(InertText.Escape(text), Is.EqualTo(text));
    }

    [Test]
    public void AForgedSummaryLineAndAnAnsiEscapeBecomeVisibleText()
    {
        var name = "/tmp/x\n\n1 scenario(s): 1 clean. Exit code 0 (Clean).\r\u001b[8m\u009b2J";

        Assert.That(
            InertText.Escape(name),
            Is.EqualTo(@"/tmp/x\n\n1 scenario(s): 1 clean. Exit code 0 (Clean).\r\x1b[8m\u009b2J"));
    }

    [TestCase('\u0000', @"\x00")]
    [TestCase('\u0007', @"\x07")]
    [TestCase('\t', @"\t")]
    [TestCase('\u007f', @"\x7f")]
    [TestCase('\u0085', @"\u0085")]
    [TestCase('\u202a', @"\u202a")]
    [TestCase('\u202b', @"\u202b")]
    [TestCase('\u202c', @"\u202c")]
    [TestCase('\u202d', @"\u202d")]
    [TestCase('\u202e', @"\u202e")]
    [TestCase('\u2066', @"\u2066")]
    [TestCase('\u2067', @"\u2067")]
    [TestCase('\u2068', @"\u2068")]
    [TestCase('\u2069', @"\u2069")]
    [TestCase('\u200e', @"\u200e")]
    [TestCase('\u200f', @"\u200f")]
    [TestCase('\u061c', @"\u061c")]
    [TestCase('\u200b', @"\u200b")]
    [TestCase('\u200d', @"\u200d")]
    [TestCase('\u2060', @"\u2060")]
    [TestCase('\ufeff', @"\ufeff")]
    [TestCase('\u00ad', @"\u00ad")]
    [TestCase('\u2028', @"\u2028")]
    [TestCase('\u2029', @"\u2029")]
    [TestCase('\u00a0', @"\u00a0")]
    [TestCase('\u3164', @"\u3164")]
    [TestCase('\ue000', @"\ue000")]
    public void EveryHiddenCharacterIsShownByItsCode(char hidden, string shown)
    {
        Assert.That(InertText.Escape($"a{hidden}b"), Is.EqualTo($"a{shown}b"));
    }

    [Test]
    public void AHiddenCharacterPastTheBasicPlaneIsShownByItsFullCode()
    {
        Assert.That(InertText.Escape("tag\U000e0041"), Is.EqualTo(@"tag\U000e0041"));
    }

    [Test]
    public void AnInvalidByteAndTheTextNamingItReadDifferently()
    {
        var theByte = InertText.Escape(LosslessText.Decode([(byte)'/', 0xff]));
        var theText = InertText.Escape(@"/\xff");

        Assert.That(theByte, Is.EqualTo(@"/\xff"));
        Assert.That(theText, Is.EqualTo(@"/\\xff"));
    }

    [Test]
    public void ALoneSurrogateThatIsNoEscapedByteIsShownByItsCode()
    {
        Assert.That(InertText.Escape("a\ud800b\udbff"), Is.EqualTo(@"a\ud800b\udbff"));
    }

    [Test]
    public void NoCodePointSurvivesThatCouldBreakTheLineOrHideText()
    {
        var survivors = new List<string>();
        for (var value = 0; value <= 0x10ffff; value++)
        {
            var text = value is >= 0xd800 and <= 0xdfff ? ((char)value).ToString() : char.ConvertFromUtf32(value);
            var inert = InertText.Escape(text);
            // A lone surrogate enumerates as U+FFFD.
            var loneSurrogate = value != 0xfffd && inert.EnumerateRunes().Contains(Rune.ReplacementChar);
            if (loneSurrogate || inert.EnumerateRunes().Any(IsDangerous))
            {
                survivors.Add(value.ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        Assert.That(survivors, Is.Empty);
    }

    [Test]
    public void QuotedBytesAreEscapedBoundedAndSayWhenCut()
    {
        var request = "POST /upload HTTP/1.1\r\nX-Id: \"42\"\r\n"u8.ToArray();

        Assert.That(InertText.Quote(request, request.Length, 64), Is.EqualTo(@"""POST /upload HTTP/1.1\r\nX-Id: \""42\""\r\n"""));
        Assert.That(InertText.Quote(request, 4096, 64), Does.EndWith("\"…"));
        Assert.That(InertText.Quote(request, request.Length, 4), Is.EqualTo("\"POST\"…"));
    }

    [Test]
    public void QuotedBinaryShowsEachByte()
    {
        byte[] hello = [0x16, 0x03, 0x01, 0x02, 0x00, 0xff];

        Assert.That(InertText.Quote(hello, hello.Length, 64), Is.EqualTo(@"""\x16\x03\x01\x02\x00\xff"""));
    }

    private static bool IsDangerous(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse
            || (Rune.IsWhiteSpace(rune) && rune.Value != ' ');
}
