namespace DynamicProbe.Core.Resources;

/// <summary>
/// What the kernel counted for the run phase's sandbox: read from its cgroup, its file systems and its process tree,
/// never estimated. A null figure could not be read (the finding it would make is then not made, and the figure is
/// shown as unknown); the limits are the sandbox's own.
/// </summary>
/// <param name="OomKills">Processes the OOM killer ended.</param>
/// <param name="RefusedForks">Forks the pids limit refused.</param>
/// <param name="PeakMemoryBytes">The highest memory use the cgroup saw.</param>
/// <param name="CpuSeconds">CPU time used by everything in the sandbox.</param>
public sealed record ResourceUsage(
    long? OomKills,
    long MemoryLimitBytes,
    long? PeakMemoryBytes,
    long? RefusedForks,
    int PidsLimit,
    double? CpuSeconds,
    double CpuLimit)
{
    public static ResourceUsage Unknown { get; } = new(null, 0, null, null, 0, null, 0);

    /// <summary>The sandbox's cumulative CPU time, sampled through the run, oldest first.</summary>
    public IReadOnlyList<CpuSample> CpuSamples { get; init; } = [];

    /// <summary>Output streams of steps that printed more than the capture keeps.</summary>
    public IReadOnlyList<OutputVolume> OutputFloods { get; init; } = [];

    /// <summary>The writable file systems (/tmp, the home): their size and the most they held when sampled.</summary>
    public IReadOnlyList<DiskUsage> Disks { get; init; } = [];

    /// <summary>Processes still running after the step that started them ended (adopted by the sandbox's init).</summary>
    public IReadOnlyList<EscapedProcess> Escapees { get; init; } = [];
}
