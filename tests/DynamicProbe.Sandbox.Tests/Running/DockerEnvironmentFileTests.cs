using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class DockerEnvironmentFileTests
{
    [Test]
    public void The_init_layer_is_the_first_overlay_lower_dir()
    {
        var layer = Directory.CreateTempSubdirectory("dynamicprobe-layer-");
        var init = Directory.CreateDirectory(Path.Combine(layer.FullName, "abc-init", "diff"));
        try
        {
            File.WriteAllText(Path.Combine(init.FullName, ".dockerenv"), string.Empty);
            var inspect = new ContainerInspectResponse
            {
                GraphDriver = new GraphDriverData { Name = "overlay2", Data = new Dictionary<string, string> { ["LowerDir"] = $"{init.FullName}:/var/lib/docker/overlay2/image/diff" } },
            };

            DockerEnvironmentFile.RemoveFromInitLayer(inspect);

            Assert.That(File.Exists(Path.Combine(init.FullName, ".dockerenv")), Is.False);
        }
        finally
        {
            layer.Delete(recursive: true);
        }
    }

    [Test]
    public void Another_storage_driver_is_a_user_error() =>
        Assert.That(() => DockerEnvironmentFile.InitLayerOf(new GraphDriverData { Name = "vfs", Data = new Dictionary<string, string>() }),
            Throws.TypeOf<UserErrorException>().With.Message.Contains("overlay2"));
}
