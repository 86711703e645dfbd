using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Network;

/// <summary>
/// The <c>net</c> half of a sinkhole sandbox (DESIGN.md decision 5): a container with network none whose main
/// process is the catcher, and whose namespace the host configures (<see cref="NamespaceFirewall"/>) before the
/// target joins it with <see cref="SandboxContainerBuilder.WithNetworkOf"/>. Nothing leaves the namespace: it has no
/// interface but <c>lo</c> and every IPv4 destination is routed there, where the catcher answers.
/// <para>
/// Locked down like every sandbox container. The catcher runs as uid 0 without any capability, only so it can read
/// the namespace's connection-tracking table (mode 0440, root), where redirected UDP keeps its original destination;
/// the target shares nothing with it but the network namespace (not its pids, mounts or files), and runs as an
/// unprivileged user without capabilities, so it can neither reach the catcher's process nor change the rules.
/// The catcher writes its records into a folder of the run's scratch folder, bind-mounted, so they survive its death.
/// </para>
/// <para>
/// The monitor traces the target's cgroup only: the catcher's own sockets are never the target's actions. The net
/// container carries the run's labels, so the <see cref="Running.Reaper"/> removes it after a dead run.
/// </para>
/// </summary>
public sealed class SinkholePod : IAsyncDisposable
{
    /// <summary>Labels the net container, beside the run's labels, so a human can tell the pod's halves apart.</summary>
    public const string RoleLabel = SandboxLabels.Prefix + "role";

    private const string CatcherMountPoint = "/opt/dynamicprobe-sinkhole";
    private const string RecordsMountPoint = "/var/log/dynamicprobe-sinkhole";
    private const string RecordsFileName = "records.jsonl";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly IDockerClient docker;
    private readonly SandboxContainer net;
    private readonly SinkholePodOptions options;
    private readonly string recordsPath;

    private SinkholePod(IDockerClient docker, SandboxContainer net, SinkholePodOptions options, string recordsPath)
    {
        this.docker = docker;
        this.net = net;
        this.options = options;
        this.recordsPath = recordsPath;
    }

    /// <summary>The container whose network namespace the target joins.</summary>
    public string NetContainerId => net.Id;

    /// <summary>The host pid of the net container's init, whose namespace was configured.</summary>
    public int NamespacePid { get; private set; }

    /// <summary>
    /// Creates and starts the net container, configures its namespace and returns once the catcher listens.
    /// </summary>
    /// <inheritdoc cref="CreateAsync" path="/param"/>
    /// <exception cref="InvalidOperationException">The catcher did not start or the namespace could not be configured.</exception>
    public static async Task<SinkholePod> StartAsync(
        IDockerClient docker,
        string name,
        IReadOnlyDictionary<string, string> labels,
        string hostname,
        string recordsFolder,
        SinkholePodOptions options,
        CancellationToken cancellationToken)
    {
        var pod = await CreateAsync(docker, name, labels, hostname, recordsFolder, options, cancellationToken);
        try
        {
            await pod.StartCatcherAsync(cancellationToken);
            return pod;
        }
        catch
        {
            await pod.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates the net container, so a target can be created to join it. Nothing runs until
    /// <see cref="StartCatcherAsync"/>, which must have finished before the target starts: until then its namespace is
    /// not configured.
    /// </summary>
    /// <param name="name">The net container's name (unique, so an interrupted create can still be found).</param>
    /// <param name="labels">The run's labels (<see cref="SandboxLabels.For"/>).</param>
    /// <param name="hostname">The sandbox's hostname: a joined container takes it from here.</param>
    /// <param name="recordsFolder">A new host folder for the catcher's records, inside the run's scratch folder.</param>
    public static async Task<SinkholePod> CreateAsync(
        IDockerClient docker,
        string name,
        IReadOnlyDictionary<string, string> labels,
        string hostname,
        string recordsFolder,
        SinkholePodOptions options,
        CancellationToken cancellationToken)
    {
        var catcher = CatcherFolderLocator.Find(options.CatcherFolder);
        Directory.CreateDirectory(recordsFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var net = new SandboxContainerBuilder(docker)
            .WithImage(options.Image)
            .WithName(name)
            .WithLabels(labels)
            .WithLabels(new Dictionary<string, string> { [RoleLabel] = "net" })
            .WithUser(UserAccount.Root)
            .WithCommand(CatcherArgv(options, options.PortsOrDefault))
            .WithHostname(hostname)
            .WithIsolatedNetwork()
            .WithMemory(options.MemoryBytes)
            .WithPidsLimit(options.PidsLimit)
            .WithReadOnlyBind(catcher, CatcherMountPoint)
            .WithWritableBind(recordsFolder, RecordsMountPoint)
            .WithWorkingDirectory("/")
            .WithCleanupTimeout(options.CleanupTimeoutOrDefault)
            .Build();
        var pod = new SinkholePod(docker, net, options, Path.Combine(recordsFolder, RecordsFileName));
        try
        {
            await net.CreateAsync(cancellationToken);
            return pod;
        }
        catch
        {
            await pod.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the net container, configures its namespace and returns once the catcher listens.</summary>
    /// <exception cref="InvalidOperationException">The catcher did not start or the namespace could not be configured.</exception>
    public async Task StartCatcherAsync(CancellationToken cancellationToken)
    {
        await net.StartAsync(cancellationToken);
        NamespacePid = await net.GetInitHostPidAsync(cancellationToken);
        await NamespaceFirewall.ConfigureAsync(NamespacePid, options.PortsOrDefault, cancellationToken);
        await WaitUntilListeningAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the catcher (it records the connections still open, then writes its stopped record), reads its records
    /// and merges them into <paramref name="recording"/> (see <see cref="SinkholeEventMerger"/>). A catcher that died,
    /// did not stop in time or lost records makes the recording incomplete. Call after the monitor stopped.
    /// </summary>
    public async Task<PhaseRecording> AddCapturesAsync(PhaseRecording recording, CancellationToken cancellationToken)
    {
        var problems = await StopCatcherAsync(cancellationToken);
        var log = await CatcherLogReader.ReadAsync(recordsPath, cancellationToken);
        return SinkholeEventMerger.Merge(recording, log with { Problems = [.. problems, .. log.Problems] });
    }

    /// <summary>Removes the net container; remove the target first, or Docker keeps the namespace for it.</summary>
    public ValueTask DisposeAsync() => net.DisposeAsync();

    private static IReadOnlyList<string> CatcherArgv(SinkholePodOptions options, SinkholePorts ports) =>
    [
        options.DotnetPath,
        $"{CatcherMountPoint}/{CatcherFolderLocator.AssemblyFileName}",
        "--records", $"{RecordsMountPoint}/{RecordsFileName}",
        "--tcp-port", ports.Tcp.ToString(CultureInfo.InvariantCulture),
        "--udp-port", ports.Udp.ToString(CultureInfo.InvariantCulture),
        "--dns-port", ports.Dns.ToString(CultureInfo.InvariantCulture),
    ];

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ReadyTimeoutOrDefault);
        try
        {
            while (true)
            {
                var log = await CatcherLogReader.ReadAsync(recordsPath, timeout.Token);
                if (log.Ready)
                {
                    return;
                }

                var state = (await net.InspectAsync(timeout.Token)).State;
                if (state?.Running != true)
                {
                    throw new InvalidOperationException(
                        $"the sinkhole's catcher exited before it listened ({ExitDescription(state)}); its records say: {string.Join("; ", log.Problems)}");
                }

                await Task.Delay(PollInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"the sinkhole's catcher did not listen within {options.ReadyTimeoutOrDefault.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
        }
    }

    /// <returns>Why the records may be incomplete, from the container's side.</returns>
    private async Task<List<string>> StopCatcherAsync(CancellationToken cancellationToken)
    {
        var state = (await net.InspectAsync(cancellationToken)).State;
        if (state?.Running != true)
        {
            return [$"the sinkhole's catcher exited during the run ({ExitDescription(state)}): what the target sent after that was not caught"];
        }

        try
        {
            // docker-init passes the signal on to the catcher.
            await docker.Containers.KillContainerAsync(net.Id, new ContainerKillParameters { Signal = "TERM" }, cancellationToken);
        }
        catch (DockerApiException error) when (error.StatusCode == HttpStatusCode.Conflict)
        {
            // It stopped between the inspect and the kill: its exit code below tells how.
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StopTimeoutOrDefault);
        try
        {
            // The engine answers the moment the catcher has exited, where polling would add up to an interval.
            await docker.Containers.WaitContainerAsync(net.Id, timeout.Token);
            state = (await net.InspectAsync(timeout.Token)).State;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [$"the sinkhole's catcher did not stop within {options.StopTimeoutOrDefault.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s of being asked to"];
        }

        return state?.ExitCode == 0 ? [] : [$"the sinkhole's catcher stopped badly ({ExitDescription(state)})"];
    }

    private static string ExitDescription(ContainerState? state) => state is null
        ? "its state is unknown"
        : string.Create(CultureInfo.InvariantCulture, $"exit code {state.ExitCode}")
          + (state.OOMKilled ? ", killed for lack of memory" : "")
          + (string.IsNullOrEmpty(state.Error) ? "" : $", {state.Error}");
}
