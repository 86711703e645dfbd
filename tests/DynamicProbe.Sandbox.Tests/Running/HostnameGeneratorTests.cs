using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class HostnameGeneratorTests
{
    [Test]
    public void Names_look_like_servers_and_vary()
    {
        var generator = new HostnameGenerator(new Random(7));

        var names = Enumerable.Range(0, 300).Select(_ => generator.Next()).ToList();

        Assert.That(names, Has.All.Match("^[a-z][a-z0-9-]{2,40}[a-z0-9]$"));
        Assert.That(names, Has.None.Match("^[0-9a-f]{12}$"));
        Assert.That(names.Distinct().Count(), Is.GreaterThan(200));
        Assert.That(names, Has.Some.Match("^[a-z]+-(prod|prd|live|production)-[0-9]{2}$"));
        Assert.That(names, Has.Some.Match("^ip-10-[0-9]+-[0-9]+-[0-9]+$"));
    }
}
