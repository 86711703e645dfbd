using System.Runtime.InteropServices;

namespace DynamicProbe.Sandbox.Images;

/// <param name="RecipesFolder">The <c>sandbox-images/</c> folder.</param>
/// <param name="CacheFolder">Where downloaded root file systems are kept between builds.</param>
/// <param name="DotnetRoot">The host's .NET installation whose runtime the images carry or mount.</param>
public sealed record ImageBuilderOptions(string RecipesFolder, string CacheFolder, string DotnetRoot)
{
    public const string DefaultCacheFolder = "/var/cache/dynamicprobe";

    /// <summary>The values of the placeholders an <c>image.yaml</c> may use in an input's <c>from</c>.</summary>
    public IReadOnlyDictionary<string, string> Placeholders => new Dictionary<string, string>
    {
        ["dotnet-root"] = DotnetRoot,
    };

    /// <summary>The installation this process runs on: the SDK's own runtime, so images match what builds the targets.</summary>
    public static string HostDotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
