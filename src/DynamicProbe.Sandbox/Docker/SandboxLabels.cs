namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// The labels on every container DynamicProbe creates. The owner label lets a later run tell whether the process that
/// created a container is still alive, so the <see cref="Running.Reaper"/> removes only what a dead run left behind.
/// </summary>
public static class SandboxLabels
{
    /// <summary>Every DynamicProbe label starts with this.</summary>
    public const string Prefix = "dynamicprobe.";

    /// <summary>The run that created the container.</summary>
    public const string Run = Prefix + "run";

    /// <summary>The creating process as <c>pid:start-time</c> (see <see cref="OwnerIdentity"/>).</summary>
    public const string Owner = Prefix + "owner";

    /// <summary>The scenario the container serves.</summary>
    public const string Scenario = Prefix + "scenario";

    /// <summary>The labels for a container of <paramref name="runId"/> created by <paramref name="owner"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string runId, string scenario, OwnerIdentity owner) =>
        new Dictionary<string, string>
        {
            [Run] = runId,
            [Owner] = owner.ToString(),
            [Scenario] = scenario,
        };
}
