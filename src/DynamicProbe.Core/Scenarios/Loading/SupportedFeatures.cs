namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// The one place that lists what the v1 format describes but this DynamicProbe refuses to do. Everything listed here is
/// still parsed and validated in full; this check only refuses to run it, so a scenario never silently gets less than
/// it asked for.
/// </summary>
internal static class SupportedFeatures
{
    /// <summary>Reports every use of a refused feature, skipping fields already reported as malformed.</summary>
    public static void Check(Scenario scenario, FieldLocations locations, ScenarioErrors errors)
    {
        const string path = "build.sandboxed";
        if (!scenario.Build.Sandboxed && !HasErrorAtOrAbove(path, errors))
        {
            errors.Add(
                locations.Nearest(path),
                path,
                "false is not supported: DynamicProbe never builds a target on the host, since a project's build can run "
                + "arbitrary commands; remove the line (the build is always sandboxed and probed)");
        }
    }

    private static bool HasErrorAtOrAbove(string path, ScenarioErrors errors)
    {
        for (var current = path; current.Length > 0; current = FieldPaths.Parent(current))
        {
            if (errors.All.Any(error => error.FieldPath == current))
            {
                return true;
            }
        }

        return false;
    }
}
