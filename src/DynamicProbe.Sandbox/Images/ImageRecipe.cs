namespace DynamicProbe.Sandbox.Images;

/// <summary>One folder of <c>sandbox-images/</c>: how to build one image (see sandbox-images/README.md).</summary>
/// <param name="Tag">The image reference it builds, e.g. <c>dynamicprobe/dotnet</c>.</param>
/// <param name="Folder">The recipe folder; all its files are the build context's root.</param>
/// <param name="DependsOn">Tags of the recipes whose images must be built first.</param>
/// <param name="RootfsScript">For <see cref="RecipeKind.Rootfs"/>: the script, relative to the folder, that writes the tarball.</param>
/// <param name="Inputs">Host files copied into the build context.</param>
/// <param name="AllowancesYaml">The text of the recipe's <c>allowances.yaml</c>.</param>
public sealed record ImageRecipe(
    string Tag,
    RecipeKind Kind,
    string Folder,
    IReadOnlyList<string> DependsOn,
    string? RootfsScript,
    IReadOnlyList<HostInput> Inputs,
    string AllowancesYaml)
{
    public const string ManifestFileName = "image.yaml";
    public const string AllowancesFileName = "allowances.yaml";
    public const string DockerfileName = "Dockerfile";

    /// <summary>The build argument that names the imported root file system in a rootfs recipe's Dockerfile.</summary>
    public const string RootfsBuildArgument = "ROOTFS";
}
