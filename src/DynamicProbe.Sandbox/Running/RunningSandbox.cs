using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>A started sandbox and what its steps need to know: who runs the target, where, with which argv, and what is running in the background.</summary>
/// <param name="TargetArgv">The target's program and arguments, exec'd by <c>run</c> and <c>start</c>.</param>
/// <param name="InitPid">The host pid of the container's PID 1, whose namespaces the host-side checks look into.</param>
internal sealed class RunningSandbox(
    SandboxContainer container,
    UserAccount user,
    string workingDirectory,
    IReadOnlyList<string> targetArgv,
    int initPid,
    long pidsLimit,
    long memoryBytes) : IAsyncDisposable
{
    public SandboxContainer Container { get; } = container;

    public UserAccount User { get; } = user;

    public string WorkingDirectory { get; } = workingDirectory;

    public IReadOnlyList<string> TargetArgv { get; } = targetArgv;

    /// <summary>Variables for every process a step runs (the canary credentials), not for the init.</summary>
    public IReadOnlyDictionary<string, string> TargetEnvironment { get; init; } = new Dictionary<string, string>();

    public int InitPid { get; } = initPid;

    public long PidsLimit { get; } = pidsLimit;

    public long MemoryBytes { get; } = memoryBytes;

    public ContainerCgroup Cgroup { get; } = new(container.Id);

    /// <summary>Where steps report what they printed beyond the capture.</summary>
    public required ResourceWatch Resources { get; init; }

    /// <summary>Targets started in the background by <c>start</c>, oldest first, with their host pids.</summary>
    public List<(SandboxProcess Process, int? HostPid)> Background { get; } = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _) in Background)
        {
            await process.DisposeAsync();
        }
    }
}
