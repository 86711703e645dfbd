using System.Collections.Concurrent;
using Docker.DotNet;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Sandbox.Policy;

/// <summary>
/// Reads an image's default allowances from its <c>dynamicprobe.allowances</c> label, baked in from
/// <c>sandbox-images/&lt;image&gt;/allowances.yaml</c> when the image was built, so the allowances always match the
/// runtime actually in the image.
/// </summary>
public sealed class ImageAllowanceSource(IDockerClient docker) : IAllowanceSource
{
    public const string Label = "dynamicprobe.allowances";

    private readonly ConcurrentDictionary<string, Lazy<Task<Expectations>>> _cache = new(StringComparer.Ordinal);

    public Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken) =>
        _cache.GetOrAdd(image, name => new Lazy<Task<Expectations>>(() => LoadAsync(name, cancellationToken))).Value;

    private async Task<Expectations> LoadAsync(string image, CancellationToken cancellationToken)
    {
        global::Docker.DotNet.Models.ImageInspectResponse inspected;
        try
        {
            inspected = await docker.Images.InspectImageAsync(image, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            throw new UserErrorException($"image {image} does not exist: build the sandbox images with `make images`.");
        }

        if (inspected.Config?.Labels is not { } labels || !labels.TryGetValue(Label, out var yaml))
        {
            throw new UserErrorException(
                $"image {image} declares no default allowances (label {Label}); sandbox images must be built from sandbox-images/ with `make images`.");
        }

        return ExpectationsParser.Parse(yaml, $"{image} (label {Label})");
    }
}
