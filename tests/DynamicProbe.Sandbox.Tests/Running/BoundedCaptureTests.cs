using System.Text;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class BoundedCaptureTests
{
    [Test]
    public void Keeps_the_first_bytes_and_counts_all()
    {
        var capture = new BoundedCapture(10);

        capture.Append(Encoding.UTF8.GetBytes("hello "));
        capture.Append(Encoding.UTF8.GetBytes("world, and more"));

        Assert.That(capture.Text, Is.EqualTo("hello worl"));
        Assert.That(capture.TotalBytes, Is.EqualTo(21));
        Assert.That(capture.Truncated, Is.True);
        Assert.That(capture.Report(), Is.EqualTo("hello worl\n[output truncated: kept the first 10 of 21 bytes]"));
    }

    [Test]
    public void Output_within_the_limit_is_reported_as_is()
    {
        var capture = new BoundedCapture(10);

        capture.Append("ok\n"u8);

        Assert.That(capture.Truncated, Is.False);
        Assert.That(capture.Report(), Is.EqualTo("ok\n"));
    }

    [Test]
    public void Invalid_utf8_is_kept_byte_for_byte()
    {
        var capture = new BoundedCapture(10);

        capture.Append([0x61, 0xff, 0x62]);

        Assert.That(capture.Text, Is.EqualTo("a\udcffb"));
    }
}
