using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Integration.Tests.Images;

public sealed class DockerEngineTests
{
    [Test]
    public async Task TheEngineOfThisMachineAnswersOnApi141()
    {
        using var engine = DockerEngine.FromEnvironment();

        await engine.EnsureReachableAsync(CancellationToken.None);

        var version = await engine.Client.System.GetVersionAsync();
        Assert.That(Version.Parse(version.APIVersion), Is.GreaterThanOrEqualTo(DockerEngine.ApiVersion));
    }

    [Test]
    public void AMissingEngineSaysWhereItLookedAndHowToStartOne()
    {
        using var engine = new DockerEngine("unix:///tmp/dynamicprobe-no-such-engine.sock");

        var error = Assert.ThrowsAsync<UserErrorException>(() => engine.EnsureReachableAsync(CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("not reachable at unix:///tmp/dynamicprobe-no-such-engine.sock")
            .And.Contain("make engine").And.Contain("DOCKER_HOST"));
    }

    [Test]
    public void AMalformedDockerHostIsAUserError()
    {
        var error = Assert.Throws<UserErrorException>(() => new DockerEngine("not a uri").Dispose());

        Assert.That(error!.Message, Does.Contain("DOCKER_HOST 'not a uri'"));
    }

    [Test]
    public void NoHostMeansTheLocalSocket()
    {
        using var engine = new DockerEngine(null);

        Assert.That(engine.Endpoint, Is.EqualTo(new Uri(DockerEngine.DefaultHost)));
    }
}
