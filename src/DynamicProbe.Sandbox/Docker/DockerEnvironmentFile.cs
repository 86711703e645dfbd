using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// Docker writes an empty <c>/.dockerenv</c> into every container's init layer, and malware checks for it. The init
/// layer is the first lower directory of the overlay (<c>…/&lt;id&gt;-init/diff</c>); deleting the file there before the
/// container starts hides it without touching the image.
/// </summary>
public static class DockerEnvironmentFile
{
    public const string Name = ".dockerenv";

    /// <summary>Deletes <c>/.dockerenv</c> from a created, not yet started, container's init layer on this host.</summary>
    /// <exception cref="UserErrorException">The storage driver is not overlay-based, or the layer is not reachable from here.</exception>
    public static void RemoveFromInitLayer(ContainerInspectResponse container)
    {
        var initLayer = InitLayerOf(container.GraphDriver);
        try
        {
            File.Delete(Path.Combine(initLayer, Name));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException(
                $"cannot remove /{Name} from {initLayer}: {error.Message}. DynamicProbe must run as root on the same machine as the Docker engine.",
                error);
        }
    }

    internal static string InitLayerOf(GraphDriverData? driver)
    {
        var lowerDirs = driver?.Data?.TryGetValue("LowerDir", out var value) == true ? value : null;
        var first = lowerDirs?.Split(':')[0];
        if (first is null || !first.EndsWith("-init/diff", StringComparison.Ordinal))
        {
            throw new UserErrorException(
                $"Docker's storage driver is '{driver?.Name}', whose init layer DynamicProbe cannot find; configure dockerd with --storage-driver overlay2 (the default).");
        }

        if (!Directory.Exists(first))
        {
            throw new UserErrorException(
                $"the container's init layer {first} is not on this machine: DynamicProbe needs the Docker engine to run locally (DOCKER_HOST naming a local socket).");
        }

        return first;
    }
}
