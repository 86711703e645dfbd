using System.CommandLine;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Cli.Commands;

/// <summary>
/// <c>dynamicprobe images [IMAGE...]</c>: builds the sandbox images of <c>sandbox-images/</c> offline, in dependency
/// order, skipping each image whose recipe is unchanged.
/// </summary>
public static class ImagesCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("IMAGE")
        {
            Description = "Images to build, with the images they build on (e.g. dynamicprobe/dotnet); none means every recipe.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var recipes = new Option<DirectoryInfo?>("--recipes")
        {
            Description = "The sandbox-images folder; by default the one above the current folder or above the tool.",
        };
        var cacheDir = new Option<DirectoryInfo?>("--cache-dir")
        {
            Description = "Where downloaded root file systems are kept between builds (default /var/cache/dynamicprobe).",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Rebuild images even when their recipe is unchanged (a cached root file system is still reused).",
        };

        var command = new Command(
            "images",
            "Build the sandbox images (dynamicprobe/base, dynamicprobe/dotnet, dynamicprobe/sdk) through the Docker engine, offline. "
            + "Building dynamicprobe/base runs debootstrap and needs root.")
        {
            images, recipes, cacheDir, force,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new UserErrorException("dynamicprobe images needs Linux (debootstrap, a local Docker engine).");
            }

            var output = result.InvocationConfiguration.Output;
            var options = new ImageBuilderOptions(
                result.GetValue(recipes)?.FullName ?? RecipesFolderLocator.Find(Environment.CurrentDirectory, AppContext.BaseDirectory),
                result.GetValue(cacheDir)?.FullName ?? ImageBuilderOptions.DefaultCacheFolder,
                ImageBuilderOptions.HostDotnetRoot());
            using var engine = DockerEngine.FromEnvironment();
            var built = await new ImageBuilder(engine, options).BuildAsync(
                result.GetValue(images) ?? [],
                result.GetValue(force),
                new LineProgress(output),
                cancellationToken);

            foreach (var image in built)
            {
                var state = image.UpToDate ? "up to date" : $"built in {image.Elapsed.TotalSeconds:0.0} s";
                await output.WriteLineAsync($"{image.Tag,-24} {image.ImageId.Replace("sha256:", string.Empty, StringComparison.Ordinal)[..12]}  {state}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Writes each progress line as it comes (Progress&lt;T&gt; would post lines to the thread pool, out of order).</summary>
    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        private readonly Lock _gate = new();

        public void Report(string value)
        {
            lock (_gate)
            {
                output.WriteLine(value);
            }
        }
    }
}
