using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Sandbox.Monitoring;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// Describes a locked-down sandbox container (DESIGN.md decisions 3 and 6) and builds a <see cref="SandboxContainer"/>
/// from it. Every default is the safe one: no network, read-only root, no capabilities, no new privileges, bounded
/// memory, CPU and pids, an unprivileged user, an init that looks like a machine's as PID 1, a private cgroup namespace
/// and a realistic hostname.
/// Methods only tighten or describe; nothing here can add a capability, a device or a bridge network.
/// </summary>
public sealed class SandboxContainerBuilder(IDockerClient docker)
{
    private const long MiB = 1024 * 1024;

    /// <summary>The images' own init (busybox, see sandbox-images/base/Dockerfile): PID 1 by default, looking like a machine's.</summary>
    public const string SandboxInit = "/sbin/init";

    private readonly Dictionary<string, string> labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> environment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> tmpfs = new(StringComparer.Ordinal)
    {
        ["/tmp"] = TmpfsOptions(64 * MiB, owner: null, mode: "1777"),
    };

    private readonly List<Mount> binds = [];
    private string? image;
    private string? name;
    private IReadOnlyList<string> command = [SandboxInit];
    private bool dockerInit;
    private string user = "1000:1000";
    private string networkMode = "none";
    private string? hostname;
    private string? workingDirectory;
    private long memoryBytes = 512 * MiB;
    private double cpus = 1;
    private long pidsLimit = 256;
    private TimeSpan cleanupTimeout = TimeSpan.FromSeconds(30);

    public SandboxContainerBuilder WithImage(string name)
    {
        image = name;
        return this;
    }

    /// <summary>A unique container name, so a container whose creation was interrupted can still be found and removed.</summary>
    public SandboxContainerBuilder WithName(string containerName)
    {
        name = containerName;
        return this;
    }

    /// <summary>
    /// The container's main process, under docker-init (which passes signals on and reaps). Default: the image's own
    /// <see cref="SandboxInit"/> as PID 1, which the steps' processes are exec'd beside; only a container the target
    /// cannot see into (the sinkhole's <c>net</c> container) runs a command of its own.
    /// </summary>
    public SandboxContainerBuilder WithCommand(IReadOnlyList<string> argv)
    {
        ArgumentOutOfRangeException.ThrowIfZero(argv.Count);
        command = argv;
        dockerInit = true;
        return this;
    }

    /// <summary>The user of the main process. Default: uid/gid 1000, the images' unprivileged <c>probe</c>.</summary>
    public SandboxContainerBuilder WithUser(UserAccount account)
    {
        user = account.DockerUser;
        return this;
    }

    /// <summary>No interface but loopback (the default).</summary>
    public SandboxContainerBuilder WithIsolatedNetwork()
    {
        networkMode = "none";
        return this;
    }

    /// <summary>
    /// Joins the network namespace of another container (the sinkhole pod's <c>net</c> container). The hostname then
    /// comes from that container: Docker refuses a hostname of its own beside a joined network.
    /// </summary>
    public SandboxContainerBuilder WithNetworkOf(string containerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerId);
        networkMode = $"container:{containerId}";
        return this;
    }

    /// <summary>Default: a realistic name derived from the image (see <see cref="HostnameGenerator"/>); runners pass the scenario's.</summary>
    public SandboxContainerBuilder WithHostname(string name)
    {
        hostname = name;
        return this;
    }

    /// <summary>Adds variables to the container's environment; nothing from the host's is ever passed through.</summary>
    public SandboxContainerBuilder WithEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return this;
    }

    public SandboxContainerBuilder WithMemory(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 6 * MiB); // Docker's own minimum
        memoryBytes = bytes;
        return this;
    }

    public SandboxContainerBuilder WithCpus(double count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        cpus = count;
        return this;
    }

    public SandboxContainerBuilder WithPidsLimit(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        pidsLimit = limit;
        return this;
    }

    /// <summary>Bounds the writable <c>/tmp</c>.</summary>
    public SandboxContainerBuilder WithTmpSize(long bytes)
    {
        tmpfs["/tmp"] = TmpfsOptions(bytes, owner: null, mode: "1777");
        return this;
    }

    /// <summary>
    /// A writable, size-bounded, initially empty home for <paramref name="account"/>, owned by it with mode 0700.
    /// runc keeps the mode of the directory the image has there, if it has one.
    /// </summary>
    public SandboxContainerBuilder WithHome(UserAccount account, long bytes)
    {
        tmpfs[account.Home] = TmpfsOptions(bytes, account, mode: "0700");
        return this;
    }

    /// <summary>Mounts a host file or folder read-only. Paths may hold any character (the Mounts API has no separators).</summary>
    public SandboxContainerBuilder WithReadOnlyBind(string hostPath, string containerPath)
    {
        binds.Add(new Mount { Type = "bind", Source = hostPath, Target = containerPath, ReadOnly = true });
        return this;
    }

    /// <summary>Mounts a host folder writable: only for folders the run made for the sandbox (a build's sources and output).</summary>
    public SandboxContainerBuilder WithWritableBind(string hostPath, string containerPath)
    {
        binds.Add(new Mount { Type = "bind", Source = hostPath, Target = containerPath, ReadOnly = false });
        return this;
    }

    /// <summary>Our own <c>/etc/hosts</c>, <c>/etc/hostname</c> and <c>/etc/resolv.conf</c> instead of Docker's generated ones.</summary>
    public SandboxContainerBuilder WithIdentityFiles(IdentityFiles files)
    {
        WithReadOnlyBind(files.HostsPath, "/etc/hosts");
        WithReadOnlyBind(files.HostnamePath, "/etc/hostname");
        return WithReadOnlyBind(files.ResolvConfPath, "/etc/resolv.conf");
    }

    public SandboxContainerBuilder WithWorkingDirectory(string path)
    {
        workingDirectory = path;
        return this;
    }

    public SandboxContainerBuilder WithLabels(IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
        {
            labels[key] = value;
        }

        return this;
    }

    /// <summary>How long <see cref="SandboxContainer.DisposeAsync"/> may take to remove the container, whatever was cancelled.</summary>
    public SandboxContainerBuilder WithCleanupTimeout(TimeSpan timeout)
    {
        cleanupTimeout = timeout;
        return this;
    }

    public SandboxContainer Build() => new(docker, ToParameters(), cleanupTimeout);

    internal CreateContainerParameters ToParameters()
    {
        if (image is null)
        {
            throw new InvalidOperationException("a sandbox container needs an image");
        }

        if (!labels.ContainsKey(SandboxLabels.Owner))
        {
            throw new InvalidOperationException("a sandbox container needs the dynamicprobe labels, or a reaper cannot tell who owns it");
        }

        return new CreateContainerParameters
        {
            Image = image,
            Name = name,
            Entrypoint = [.. command],
            User = user,
            Hostname = networkMode.StartsWith("container:", StringComparison.Ordinal) ? null : hostname ?? HostnameGenerator.For(image),
            Env = [.. environment.Select(v => $"{v.Key}={v.Value}")],
            WorkingDir = workingDirectory,
            Labels = new Dictionary<string, string>(labels),
            HostConfig = new HostConfig
            {
                NetworkMode = networkMode,
                ReadonlyRootfs = true,
                Tmpfs = new Dictionary<string, string>(tmpfs),
                Mounts = [.. binds],
                CapDrop = ["ALL"],
                SecurityOpt = ["no-new-privileges"],
                PidsLimit = pidsLimit,
                Memory = memoryBytes,
                MemorySwap = memoryBytes,
                NanoCPUs = (long)(cpus * 1_000_000_000),
                Init = dockerInit,
                CgroupnsMode = "private",
                CgroupParent = SandboxCgroups.Parent,
                Privileged = false,
                LogConfig = new LogConfig { Type = "none" },
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
            },
        };
    }

    /// <summary>rw and exec (a dropper's payload must run for us to see what it does), never setuid or devices.</summary>
    private static string TmpfsOptions(long bytes, UserAccount? owner, string mode) =>
        string.Create(CultureInfo.InvariantCulture, $"rw,exec,nosuid,nodev,size={bytes},mode={mode}")
        + (owner is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $",uid={owner.Uid},gid={owner.Gid}"));
}
