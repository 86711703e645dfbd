using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

public class PathResolverTests
{
    [TestCase("/a/./b//c/", "/a/b/c")]
    [TestCase("/a/b/../../../c", "/c")]
    [TestCase("/", "/")]
    [TestCase("/..", "/")]
    [TestCase("<fd 7>/x/../y", "<fd 7>/y")]
    [TestCase("<fd 7>/../y", "<fd 7>/../y")]
    [TestCase("<fd 7>/../../y", "<fd 7>/../../y")]
    [TestCase("<cwd unknown>/.", "<cwd unknown>")]
    public void Normalise_removes_dots_without_climbing_above_root_or_an_unknown_directory(string path, string expected)
    {
        Assert.That(PathResolver.Normalise(path), Is.EqualTo(expected));
    }

    [Test]
    public void A_relative_name_joins_its_directory_and_inherits_its_truncation()
    {
        var joined = PathResolver.Combine(new TracedPath("/very/long/cut", true), new TracedPath("../x", false));

        Assert.That(joined, Is.EqualTo(new TracedPath("/very/long/x", true)));
    }

    [Test]
    public void An_absolute_name_ignores_the_directory_and_an_empty_name_is_the_directory()
    {
        Assert.That(PathResolver.Combine(TracedPath.UnknownFd(3), new TracedPath("/etc/./passwd", false)), Is.EqualTo(new TracedPath("/etc/passwd", false)));
        Assert.That(PathResolver.Combine(new TracedPath("/bin/busybox", false), new TracedPath("", false)).Text, Is.EqualTo("/bin/busybox"));
    }
}
