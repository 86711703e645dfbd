using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>The duration and size notations of scenario files.</summary>
public sealed class FormatTests
{
    [TestCase("500ms", 500)]
    [TestCase("2s", 2_000)]
    [TestCase("1.5s", 1_500)]
    [TestCase("1m", 60_000)]
    [TestCase("1h", 3_600_000)]
    [TestCase("1m30s", 90_000)]
    [TestCase("1h2m3s4ms", 3_723_004)]
    [TestCase("0s", 0)]
    public void Valid_durations_parse(string text, long expectedMilliseconds)
    {
        Assert.That(DurationFormat.TryParse(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromMilliseconds(expectedMilliseconds)));
    }

    [TestCase("")]
    [TestCase("60")]
    [TestCase("1M")]
    [TestCase("30s1m")]
    [TestCase("1m1m")]
    [TestCase("1 m")]
    [TestCase("-1s")]
    [TestCase("1d")]
    [TestCase("99999999999999999999h")]
    public void Invalid_durations_are_refused(string text)
    {
        Assert.That(DurationFormat.TryParse(text, out _), Is.False);
    }

    [TestCase("1024", 1024L)]
    [TestCase("256k", 256L * 1024)]
    [TestCase("512m", 512L * 1024 * 1024)]
    [TestCase("512M", 512L * 1024 * 1024)]
    [TestCase("1g", 1024L * 1024 * 1024)]
    [TestCase("2G", 2L * 1024 * 1024 * 1024)]
    public void Valid_sizes_parse(string text, long expectedBytes)
    {
        Assert.That(ByteSizeFormat.TryParse(text, out var bytes), Is.True);
        Assert.That(bytes, Is.EqualTo(expectedBytes));
    }

    [TestCase("")]
    [TestCase("1t")]
    [TestCase("1.5g")]
    [TestCase("-1m")]
    [TestCase("512 m")]
    [TestCase("99999999999g")]
    public void Invalid_sizes_are_refused(string text)
    {
        Assert.That(ByteSizeFormat.TryParse(text, out _), Is.False);
    }
}
