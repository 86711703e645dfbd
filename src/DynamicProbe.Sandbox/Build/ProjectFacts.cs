namespace DynamicProbe.Sandbox.Build;

/// <summary>
/// What MSBuild evaluation says about a target project, before anything of it runs.
/// <paramref name="SourceRoot"/> is the folder copied into the build sandbox: the project's folder, widened to
/// hold every project it references.
/// </summary>
public sealed record ProjectFacts(
    string ProjectPath,
    string AssemblyName,
    string OutputType,
    string TargetFramework,
    string SourceRoot,
    IReadOnlyList<PackageDependency> Packages);

/// <summary>A NuGet package the project references, as evaluation resolved its version.</summary>
public sealed record PackageDependency(string Id, string Version);
