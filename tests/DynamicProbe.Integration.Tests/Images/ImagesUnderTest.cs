using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Integration.Tests.Images;

/// <summary>
/// The repository's sandbox images, built through <see cref="ImageBuilder"/> like `dynamicprobe images` does. Up-to-date
/// images are reused, so only the first run on a machine pays for debootstrap (about a minute, as root).
/// </summary>
internal static class ImagesUnderTest
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    public static ImageBuilderOptions Options() => new(
        RecipesFolderLocator.Find(TestContext.CurrentContext.TestDirectory),
        ImageBuilderOptions.DefaultCacheFolder,
        ImageBuilderOptions.HostDotnetRoot());

    public static async Task<IReadOnlyList<ImageBuildResult>> BuildAsync(DockerEngine engine, params string[] wanted)
    {
        using var timeout = new CancellationTokenSource(BuildTimeout);
        return await new ImageBuilder(engine, Options()).BuildAsync(wanted, force: false, new TestProgress(), timeout.Token);
    }

    private sealed class TestProgress : IProgress<string>
    {
        public void Report(string value) => TestContext.Progress.WriteLine(value);
    }
}
