namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// The one place that lists what the v1 format describes but this DynamicProbe cannot do (yet). Everything listed
/// here is still parsed and validated in full; this check only refuses to run it, so a scenario never silently gets
/// less than it asked for. Lifting a restriction once its feature works is deleting its line.
/// </summary>
internal static class SupportedFeatures
{
    /// <summary>Sandbox settings refused wherever they apply: <c>sandbox</c> itself and each variant's overrides.</summary>
    private static readonly SandboxRestriction[] NotYetSupportedSandboxSettings = [];

    /// <summary>Top-level sections refused whenever they are written.</summary>
    private static readonly string[] NotYetSupportedSections = [];

    private static readonly string[] NotYetSupportedStepKinds = ["http"];

    /// <summary>Reports every use of an unsupported feature, skipping fields already reported as malformed.</summary>
    public static void Check(Scenario scenario, FieldLocations locations, ScenarioErrors errors)
    {
        foreach (var restriction in NotYetSupportedSandboxSettings)
        {
            CheckSandbox(restriction, scenario.Sandbox, "sandbox", writtenFields: null, locations, errors);
            for (var index = 0; index < scenario.Variants.Count; index++)
            {
                var variant = scenario.Variants[index];
                CheckSandbox(restriction, variant.Sandbox, FieldPaths.Item("variants", index), variant.OverriddenFields, locations, errors);
            }
        }

        foreach (var section in NotYetSupportedSections.Where(locations.WasWritten))
        {
            errors.Add(locations.Nearest(section), section, "not supported yet; remove the section for now");
        }

        for (var index = 0; index < scenario.Steps.Count; index++)
        {
            var step = scenario.Steps[index];
            if (NotYetSupportedStepKinds.Contains(step.Kind, StringComparer.Ordinal))
            {
                errors.Add(
                    step.Location,
                    FieldPaths.Field(FieldPaths.Item("steps", index), step.Kind),
                    $"the {step.Kind} step is not supported yet; remove it for now (an exec step can run a client inside the sandbox)");
            }
        }

        CheckNeverSupported(scenario, locations, errors);
    }

    /// <summary>Refused for good, not just for now.</summary>
    private static void CheckNeverSupported(Scenario scenario, FieldLocations locations, ScenarioErrors errors)
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

    /// <param name="writtenFields">The fields a variant overrides; null for <c>sandbox</c> itself.</param>
    private static void CheckSandbox(
        SandboxRestriction restriction,
        SandboxSpec sandbox,
        string sandboxPath,
        IReadOnlyList<string>? writtenFields,
        FieldLocations locations,
        ScenarioErrors errors)
    {
        var path = FieldPaths.Field(sandboxPath, restriction.Field);
        var applies = writtenFields is null || writtenFields.Contains(restriction.Field, StringComparer.Ordinal);
        if (applies && restriction.IsUsed(sandbox) && !HasErrorAtOrAbove(path, errors))
        {
            errors.Add(locations.Nearest(path), path, "not supported yet; remove it for now");
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

    /// <param name="Field">The sandbox field's name.</param>
    /// <param name="IsUsed">True when the sandbox asks for the unsupported feature.</param>
    private sealed record SandboxRestriction(string Field, Func<SandboxSpec, bool> IsUsed);
}
