namespace DynamicProbe.Sandbox.Network;

/// <summary>The sinkhole pod's fixed choices.</summary>
/// <param name="Image">The net container's image: it must hold the .NET runtime the catcher runs on.</param>
/// <param name="DotnetPath">The runtime's host program inside <paramref name="Image"/>.</param>
/// <param name="CatcherFolder">The catcher's build output (DynamicProbe.Sinkhole.dll and its runtimeconfig/deps files);
/// null to look for it beside this assembly (see <see cref="CatcherFolderLocator"/>).</param>
/// <param name="Ports">Where the catcher listens and the namespace's REDIRECT rules point.</param>
/// <param name="MemoryBytes">The net container's memory limit: the catcher bounds itself far below it.</param>
/// <param name="PidsLimit">Processes and threads in the net container.</param>
/// <param name="ReadyTimeout">How long the catcher may take to listen (a .NET start, slower on a loaded host).</param>
/// <param name="StopTimeout">How long the catcher may take to record its open connections and stop.</param>
/// <param name="CleanupTimeout">How long removing the net container may take, whatever was cancelled.</param>
public sealed record SinkholePodOptions(
    string Image = "dynamicprobe/dotnet",
    string DotnetPath = "/usr/share/dotnet/dotnet",
    string? CatcherFolder = null,
    SinkholePorts? Ports = null,
    long MemoryBytes = 256L * 1024 * 1024,
    long PidsLimit = 128,
    TimeSpan? ReadyTimeout = null,
    TimeSpan? StopTimeout = null,
    TimeSpan? CleanupTimeout = null)
{
    public static SinkholePodOptions Default { get; } = new();

    public SinkholePorts PortsOrDefault => Ports ?? SinkholePorts.Default;

    public TimeSpan ReadyTimeoutOrDefault => ReadyTimeout ?? TimeSpan.FromSeconds(60);

    public TimeSpan StopTimeoutOrDefault => StopTimeout ?? TimeSpan.FromSeconds(20);

    public TimeSpan CleanupTimeoutOrDefault => CleanupTimeout ?? TimeSpan.FromSeconds(30);
}
