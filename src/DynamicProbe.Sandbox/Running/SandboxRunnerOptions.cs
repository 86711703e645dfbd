namespace DynamicProbe.Sandbox.Running;

/// <summary>The runner's fixed choices; the scenario decides everything else.</summary>
/// <param name="ProjectImage">The image for <c>target.project</c> when the scenario names none.</param>
/// <param name="CommandImage">The image for <c>target.command</c> when the scenario names none.</param>
/// <param name="OutputLimitBytes">How much of each of a process's stdout and stderr is kept.</param>
/// <param name="TmpBytes">Size of the writable <c>/tmp</c>.</param>
/// <param name="HomeBytes">Size of the user's writable home.</param>
/// <param name="CleanupTimeout">How long removing a run's containers may take, whatever was cancelled.</param>
/// <param name="ScratchRoot">Where runs keep their host-side files (identity files, the workdir copy).</param>
/// <param name="Sinkhole">The sinkhole pod's choices, for <c>network: sinkhole</c>; null for the defaults.</param>
public sealed record SandboxRunnerOptions(
    string ProjectImage = "dynamicprobe/dotnet",
    string CommandImage = "dynamicprobe/base",
    int OutputLimitBytes = 1024 * 1024,
    long TmpBytes = 64L * 1024 * 1024,
    long HomeBytes = 64L * 1024 * 1024,
    TimeSpan? CleanupTimeout = null,
    string ScratchRoot = ScratchFolder.DefaultRoot,
    Network.SinkholePodOptions? Sinkhole = null)
{
    public static SandboxRunnerOptions Default { get; } = new();

    public TimeSpan CleanupTimeoutOrDefault => CleanupTimeout ?? TimeSpan.FromSeconds(30);

    public Network.SinkholePodOptions SinkholeOrDefault => Sinkhole ?? Network.SinkholePodOptions.Default;
}
