using System.Runtime.CompilerServices;
using DynamicProbe.Core.Pipeline;
using Microsoft.Build.Evaluation;
using Microsoft.Build.Exceptions;
using Microsoft.Build.Locator;

namespace DynamicProbe.Sandbox.Build;

/// <summary>
/// Evaluates a target project with the host SDK's MSBuild (found by Microsoft.Build.Locator). Evaluation reads
/// properties and items only: no target of the project runs on the host; building happens in the build sandbox.
/// </summary>
public sealed class ProjectEvaluator
{
    public ProjectEvaluator()
    {
        // The Locator must point the runtime at the SDK's MSBuild before any MSBuild type is loaded, which is why
        // the evaluation itself lives in a separate, non-inlined method.
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }

    /// <exception cref="UserErrorException">The project is missing, malformed, or not an executable.</exception>
    public ProjectFacts Evaluate(string projectPath, string configuration) => EvaluateWithMsBuild(projectPath, configuration);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProjectFacts EvaluateWithMsBuild(string projectPath, string configuration)
    {
        var entryProject = projectPath.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || projectPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
            ? SolutionEntryPoint.Find(projectPath, configuration)
            : projectPath;
        using var collection = new ProjectCollection(new Dictionary<string, string> { ["Configuration"] = configuration });
        Project project;
        try
        {
            project = collection.LoadProject(entryProject);
        }
        catch (InvalidProjectFileException e)
        {
            throw new UserErrorException(
                $"{e.ProjectFile}:{e.LineNumber}:{e.ColumnNumber}: MSBuild cannot evaluate the project: {e.BaseMessage} Fix the project file, or point target.project at another one.", e);
        }

        var outputType = project.GetPropertyValue("OutputType");
        if (!outputType.Equals("Exe", StringComparison.OrdinalIgnoreCase) && !outputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserErrorException(
                $"{entryProject}: OutputType is '{outputType}', but DynamicProbe runs programs: target.project must be an executable project (OutputType Exe).");
        }

        var framework = project.GetPropertyValue("TargetFramework");
        if (framework.Length == 0)
        {
            var frameworks = project.GetPropertyValue("TargetFrameworks").Split(';', StringSplitOptions.RemoveEmptyEntries);
            framework = frameworks.FirstOrDefault(f => f.StartsWith("net", StringComparison.Ordinal) && !f.StartsWith("netstandard", StringComparison.Ordinal))
                ?? throw new UserErrorException($"{entryProject}: no TargetFramework that DynamicProbe can run (it needs a .NET (Core) framework such as net10.0).");
        }

        var projectFolder = Path.GetDirectoryName(Path.GetFullPath(entryProject))!;
        var referencedFolders = project.GetItems("ProjectReference")
            .Select(i => Path.GetDirectoryName(Path.GetFullPath(Path.Combine(projectFolder, i.EvaluatedInclude)))!);
        var packages = project.GetItems("PackageReference")
            .Select(i => new PackageDependency(i.EvaluatedInclude, VersionOf(project, i)))
            .ToList();

        return new ProjectFacts(
            Path.GetFullPath(entryProject),
            project.GetPropertyValue("AssemblyName"),
            outputType,
            framework,
            CommonFolder([projectFolder, .. referencedFolders]),
            packages);
    }

    /// <summary>A PackageReference's version, from the item or, under central package management, its PackageVersion.</summary>
    private static string VersionOf(Project project, ProjectItem reference)
    {
        var version = reference.GetMetadataValue("Version");
        if (version.Length > 0)
        {
            return version;
        }

        return project.GetItems("PackageVersion")
            .FirstOrDefault(v => v.EvaluatedInclude.Equals(reference.EvaluatedInclude, StringComparison.OrdinalIgnoreCase))
            ?.GetMetadataValue("Version") ?? string.Empty;
    }

    private static string CommonFolder(IReadOnlyList<string> folders)
    {
        var common = folders[0];
        foreach (var folder in folders.Skip(1))
        {
            while (!IsWithin(folder, common))
            {
                common = Path.GetDirectoryName(common) ?? "/";
            }
        }

        return common;
    }

    private static bool IsWithin(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal) || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);
}
