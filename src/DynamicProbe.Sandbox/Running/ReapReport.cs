namespace DynamicProbe.Sandbox.Running;

/// <summary>What a <see cref="Reaper"/> removed.</summary>
public sealed record ReapReport(
    IReadOnlyList<string> Containers,
    IReadOnlyList<string> ScratchFolders,
    IReadOnlyList<string> Cgroups,
    IReadOnlyList<int> Tracers);
