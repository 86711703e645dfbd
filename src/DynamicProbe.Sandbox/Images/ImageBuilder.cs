using System.Diagnostics;
using System.IO.Pipelines;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Images;

/// <summary>
/// Builds the images of <c>sandbox-images/</c> through the Engine API, offline, in dependency order. An image whose
/// recipe hash (its <see cref="ImageLabels.Recipe"/> label) matches the recipe is left as it is.
/// </summary>
public sealed class ImageBuilder(DockerEngine engine, ImageBuilderOptions options)
{
    private const int ErrorTailLines = 20;

    private readonly RootfsTarballCache _rootfsCache = new(options.CacheFolder);

    /// <param name="wanted">Tags to build with their dependencies; empty builds every recipe.</param>
    /// <param name="force">Rebuild even images that match their recipe (a cached root file system is still reused).</param>
    /// <exception cref="UserErrorException">A recipe is wrong, the engine is unreachable, or a build failed.</exception>
    public async Task<IReadOnlyList<ImageBuildResult>> BuildAsync(
        IReadOnlyCollection<string> wanted,
        bool force,
        IProgress<string> progress,
        CancellationToken cancellationToken)
    {
        await engine.EnsureReachableAsync(cancellationToken);
        var recipes = BuildOrder.Sort(RecipeLoader.LoadAll(options.RecipesFolder, options.Placeholders), wanted);
        var imageIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new List<ImageBuildResult>();
        foreach (var recipe in recipes)
        {
            var result = await BuildOneAsync(recipe, imageIds, force, progress, cancellationToken);
            imageIds[recipe.Tag] = result.ImageId;
            results.Add(result);
        }

        await RemoveReplacedImagesAsync(cancellationToken);
        return results;
    }

    // Images replaced while a sandbox still used them stay behind untagged; once free, the next build removes them.
    private async Task RemoveReplacedImagesAsync(CancellationToken cancellationToken)
    {
        var replaced = await engine.Client.Images.ListImagesAsync(
            new ImagesListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["dangling"] = new Dictionary<string, bool> { ["true"] = true },
                    ["label"] = new Dictionary<string, bool> { [ImageLabels.Recipe] = true },
                },
            },
            cancellationToken);
        foreach (var image in replaced)
        {
            await TryDeleteAsync(image.ID);
        }
    }

    private async Task<ImageBuildResult> BuildOneAsync(
        ImageRecipe recipe,
        IReadOnlyDictionary<string, string> imageIds,
        bool force,
        IProgress<string> progress,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var hash = await RecipeHasher.HashAsync(recipe, imageIds, cancellationToken);
        var existing = await TryInspectAsync(recipe.Tag, cancellationToken);
        if (!force && existing?.Config?.Labels is { } labels
            && labels.TryGetValue(ImageLabels.Recipe, out var builtFrom) && builtFrom == hash)
        {
            progress.Report($"{recipe.Tag}: up to date");
            return new ImageBuildResult(recipe.Tag, existing.ID, UpToDate: true, clock.Elapsed);
        }

        progress.Report($"{recipe.Tag}: building (recipe {hash[..12]})");
        string? rootfsImage = null;
        string imageId;
        try
        {
            if (recipe.Kind == RecipeKind.Rootfs)
            {
                var tarball = await _rootfsCache.EnsureAsync(recipe, progress, cancellationToken);
                rootfsImage = await ImportAsync(recipe, tarball, progress, cancellationToken);
            }

            imageId = await BuildFromDockerfileAsync(recipe, hash, rootfsImage, force, progress, cancellationToken);
        }
        finally
        {
            // Once built upon, the imported layer is the new image's parent and the engine refuses to delete it.
            if (rootfsImage is not null)
            {
                await TryDeleteAsync(rootfsImage);
            }
        }

        if (existing is not null && existing.ID != imageId)
        {
            // The replaced image is now untagged; an engine still using it (a running sandbox) keeps it.
            await TryDeleteAsync(existing.ID);
        }

        progress.Report($"{recipe.Tag}: built {ShortId(imageId)} in {clock.Elapsed.TotalSeconds:0.0} s");
        return new ImageBuildResult(recipe.Tag, imageId, UpToDate: false, clock.Elapsed);
    }

    private async Task<string> ImportAsync(ImageRecipe recipe, string tarball, IProgress<string> progress, CancellationToken cancellationToken)
    {
        progress.Report($"{recipe.Tag}: importing {tarball}");
        var messages = new EngineMessages();
        await using (var stream = new FileStream(tarball, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            await engine.Client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromSrc = "-", Message = $"root file system of {recipe.Tag}" },
                stream,
                null,
                messages,
                cancellationToken);
        }

        messages.ThrowIfFailed($"importing the root file system of {recipe.Tag}");
        return messages.Statuses.LastOrDefault(s => s.StartsWith("sha256:", StringComparison.Ordinal))
            ?? throw new UserErrorException($"The Docker engine imported the root file system of {recipe.Tag} but named no image id.");
    }

    private async Task<string> BuildFromDockerfileAsync(
        ImageRecipe recipe,
        string hash,
        string? rootfsImage,
        bool force,
        IProgress<string> progress,
        CancellationToken cancellationToken)
    {
        var parameters = new ImageBuildParameters
        {
            Tags = [recipe.Tag],
            Dockerfile = ImageRecipe.DockerfileName,
            NetworkMode = "none",
            Remove = true,
            ForceRemove = true,
            NoCache = force,
            Labels = new Dictionary<string, string>
            {
                [ImageLabels.Recipe] = hash,
                [ImageLabels.Allowances] = recipe.AllowancesYaml,
            },
            BuildArgs = rootfsImage is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { [ImageRecipe.RootfsBuildArgument] = rootfsImage },
        };

        var messages = new EngineMessages(line =>
        {
            if (line.StartsWith("Step ", StringComparison.Ordinal))
            {
                progress.Report($"{recipe.Tag}: {line}");
            }
        });

        // The context streams through a pipe: the host runtime's files are never staged on disk a second time.
        var pipe = new Pipe();
        var writing = WriteContextAsync(recipe, pipe.Writer, cancellationToken);
        try
        {
            await using var context = pipe.Reader.AsStream();
            await engine.Client.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, messages, cancellationToken);
        }
        finally
        {
            await pipe.Reader.CompleteAsync();
            await writing;
        }

        messages.ThrowIfFailed($"building {recipe.Tag} from {Path.Combine(recipe.Folder, ImageRecipe.DockerfileName)}");
        var built = await TryInspectAsync(recipe.Tag, cancellationToken)
            ?? throw new UserErrorException($"The Docker engine reported building {recipe.Tag} but has no such image.");
        return built.ID;
    }

    private static async Task WriteContextAsync(ImageRecipe recipe, PipeWriter writer, CancellationToken cancellationToken)
    {
        // Yield first so that the build request starts reading while the context is written.
        await Task.Yield();
        try
        {
            await using var stream = writer.AsStream(leaveOpen: true);
            await BuildContextWriter.WriteAsync(recipe, stream, cancellationToken);
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e);
        }
    }

    private async Task<ImageInspectResponse?> TryInspectAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.Client.Images.InspectImageAsync(image, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    private async Task TryDeleteAsync(string imageId)
    {
        try
        {
            await engine.Client.Images.DeleteImageAsync(imageId, new ImageDeleteParameters { Force = false }, CancellationToken.None);
        }
        catch (DockerApiException)
        {
            // In use (a child image or a container): the engine keeps it, which is right.
        }
    }

    private static string ShortId(string imageId) => imageId.Replace("sha256:", string.Empty, StringComparison.Ordinal)[..12];

    /// <summary>Collects what the engine streams back during an import or a build, errors included.</summary>
    private sealed class EngineMessages(Action<string>? onLine = null) : IProgress<JSONMessage>
    {
        private readonly List<string> _errors = [];
        private readonly Queue<string> _tail = new();

        public List<string> Statuses { get; } = [];

        public void Report(JSONMessage value)
        {
            var error = value.Error?.Message ?? value.ErrorMessage;
            if (!string.IsNullOrEmpty(error))
            {
                _errors.Add(error.Trim());
            }

            if (!string.IsNullOrEmpty(value.Status))
            {
                Statuses.Add(value.Status.Trim());
            }

            foreach (var line in (value.Stream ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                _tail.Enqueue(line);
                if (_tail.Count > ErrorTailLines)
                {
                    _tail.Dequeue();
                }

                onLine?.Invoke(line);
            }
        }

        public void ThrowIfFailed(string what)
        {
            if (_errors.Count > 0)
            {
                throw new UserErrorException(
                    $"The Docker engine failed {what}: {string.Join("; ", _errors)}{Environment.NewLine}{string.Join(Environment.NewLine, _tail)}");
            }
        }
    }
}
