using DynamicProbe.Core.Pipeline;
using Microsoft.Build.Construction;
using Microsoft.Build.Evaluation;

namespace DynamicProbe.Sandbox.Build;

/// <summary>For a solution target: the one executable project in it is the program to run.</summary>
internal static class SolutionEntryPoint
{
    public static string Find(string solutionPath, string configuration)
    {
        var solution = SolutionFile.Parse(Path.GetFullPath(solutionPath));
        using var collection = new ProjectCollection(new Dictionary<string, string> { ["Configuration"] = configuration });
        var executables = solution.ProjectsInOrder
            .Where(p => p.ProjectType == SolutionProjectType.KnownToBeMSBuildFormat)
            .Select(p => p.AbsolutePath)
            .Where(path => collection.LoadProject(path).GetPropertyValue("OutputType").Equals("Exe", StringComparison.OrdinalIgnoreCase))
            .ToList();
        return executables.Count switch
        {
            1 => executables[0],
            0 => throw new UserErrorException($"{solutionPath}: the solution has no executable project (OutputType Exe); point target.project at the project to run."),
            _ => throw new UserErrorException(
                $"{solutionPath}: the solution has {executables.Count} executable projects ({string.Join(", ", executables.Select(Path.GetFileName))}); point target.project at the one to run."),
        };
    }
}
