using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Removes what dead runs left behind (a crash, a kill -9, a power cut): containers labelled
/// <see cref="SandboxLabels.Owner"/> whose owner process is gone, scratch folders whose owner file names a dead
/// process, bpftrace processes running a script from a dead run's scratch folder, and empty cgroup leaves under
/// <see cref="SandboxCgroups.Parent"/> named after containers that no longer exist. What a living run owns is never
/// touched, so runs in parallel processes can reap safely.
/// </summary>
public sealed class Reaper(
    IDockerClient docker,
    string scratchRoot = ScratchFolder.DefaultRoot,
    TimeSpan? cleanupTimeout = null,
    string cgroupRoot = "/sys/fs/cgroup",
    string procRoot = "/proc")
{
    /// <summary>A folder made by <see cref="ScratchFolder.Create"/> gets its owner file before its final name; one still without it after this is debris.</summary>
    private static readonly TimeSpan OwnerlessGrace = TimeSpan.FromMinutes(10);

    public async Task<ReapReport> ReapAsync(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(cleanupTimeout ?? TimeSpan.FromSeconds(60));
        var containers = await docker.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [SandboxLabels.Owner] = true } },
            },
            bounded.Token);

        var removedContainers = new List<string>();
        foreach (var container in containers.Where(c => !IsAlive(c.Labels)))
        {
            try
            {
                await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, bounded.Token);
                removedContainers.Add(container.ID);
            }
            catch (DockerApiException error) when (error.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            {
                // Gone already, or being removed by someone else.
            }
        }

        var killedTracers = KillOrphanedTracers();
        var removedFolders = RemoveDeadScratchFolders();

        // Leaves first, containers second: a leaf is made only once its container exists, so a leaf seen before the
        // list whose container is not in it belongs to a container removed since (or never started by a dead run).
        var leaves = CgroupLeaves();
        var existing = (await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }, bounded.Token))
            .Select(c => c.ID)
            .ToHashSet(StringComparer.Ordinal);
        var removedCgroups = RemoveLeftoverCgroups(leaves, existing);
        return new ReapReport(removedContainers, removedFolders, removedCgroups, killedTracers);
    }

    private static bool IsAlive(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(SandboxLabels.Owner, out var owner) && OwnerIdentity.TryParse(owner)?.IsAlive() == true;

    /// <summary>
    /// bpftrace processes whose command line names something under the scratch root: killed when every scratch folder
    /// it names has a dead owner, or, when it names none with an owner file, when it was orphaned (re-parented to PID 1).
    /// </summary>
    private List<int> KillOrphanedTracers()
    {
        var killed = new List<int>();
        foreach (var pid in ProcessIds())
        {
            var argv = ReadArgv(pid);
            if (argv.Count == 0 || Path.GetFileName(argv[0]) != "bpftrace")
            {
                continue;
            }

            var paths = argv.Select(ScratchFolderOf).OfType<string>().ToList();
            var owners = paths.Where(Directory.Exists).Select(ScratchFolder.ReadOwner).OfType<OwnerIdentity>().ToList();
            var dead = owners.Count > 0 ? owners.All(o => !o.IsAlive()) : paths.Count > 0 && ParentOf(pid) == 1;
            if (dead && HostProcesses.Signal(pid, SignalNames.Kill))
            {
                killed.Add(pid);
            }
        }

        return killed;
    }

    /// <summary>The top-level scratch folder an argument points into, or null when it is not under the scratch root.</summary>
    internal string? ScratchFolderOf(string argument)
    {
        var root = scratchRoot.TrimEnd('/') + "/";
        if (!argument.StartsWith(root, StringComparison.Ordinal))
        {
            return null;
        }

        var name = argument[root.Length..].Split('/')[0];
        return name.Length == 0 ? null : root + name;
    }

    private List<string> RemoveDeadScratchFolders()
    {
        var removed = new List<string>();
        if (!Directory.Exists(scratchRoot))
        {
            return removed;
        }

        foreach (var folder in Directory.GetDirectories(scratchRoot))
        {
            var owner = ScratchFolder.ReadOwner(folder);
            var dead = owner is null
                ? DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > OwnerlessGrace
                : !owner.IsAlive();
            if (!dead)
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
                removed.Add(folder);
            }
            catch (DirectoryNotFoundException)
            {
                // Removed concurrently.
            }
        }

        return removed;
    }

    /// <summary>The leaves under the sandbox parent, in the unified hierarchy and in each v1 controller.</summary>
    private List<string> CgroupLeaves()
    {
        if (!Directory.Exists(cgroupRoot))
        {
            return [];
        }

        var parent = SandboxCgroups.Parent.Trim('/');
        return [.. Directory.GetDirectories(cgroupRoot)
            .Select(h => Path.Combine(h, parent))
            .Append(Path.Combine(cgroupRoot, parent))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories)];
    }

    /// <summary>
    /// Removes the leaves named after a container that no longer exists. A monitor makes a container's leaf before
    /// starting it; when its run is killed in between, no engine ever removes that leaf. Folders named otherwise are
    /// not leaves of a container and stay. The kernel refuses to remove a leaf that still holds a process, which keeps
    /// this safe.
    /// </summary>
    private static List<string> RemoveLeftoverCgroups(IEnumerable<string> leaves, IReadOnlySet<string> existingContainers)
    {
        var removed = new List<string>();
        foreach (var leaf in leaves.Where(l => IsContainerId(Path.GetFileName(l)) && !existingContainers.Contains(Path.GetFileName(l))))
        {
            try
            {
                Directory.Delete(leaf, recursive: false);
                removed.Add(leaf);
            }
            catch (IOException)
            {
                // Busy (a process is still in it) or already gone.
            }
        }

        return removed;
    }

    /// <summary>A Docker container id: 64 lowercase hex digits.</summary>
    private static bool IsContainerId(string name) => name.Length == 64 && name.All(char.IsAsciiHexDigitLower);

    private IEnumerable<int> ProcessIds() =>
        Directory.GetDirectories(procRoot)
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private int? ParentOf(int pid)
    {
        try
        {
            var status = File.ReadAllLines(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "status"));
            var line = status.FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line["PPid:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private List<string> ReadArgv(int pid)
    {
        try
        {
            return [.. File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
