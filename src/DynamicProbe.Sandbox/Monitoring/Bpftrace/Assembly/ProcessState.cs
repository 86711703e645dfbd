namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// What the monitor knows of one process (thread group): threads share it, as they share the fd table and the
/// working directory in the kernel.
/// </summary>
internal sealed class ProcessState(int pid, int parentPid, string? comm, Lineage? forker = null)
{
    /// <summary>Bound on remembered fds per process, so a program opening millions of files cannot exhaust memory.</summary>
    public const int MaxOpenFiles = 65_536;

    public int Pid { get; } = pid;

    public int ParentPid { get; } = parentPid;

    public Lineage Lineage { get; } = new(pid, forker);

    /// <summary>
    /// The pid kill and ptrace name this process by, as the pid namespace at <c>Level</c> numbers it: what its
    /// fork returned to its parent, or what it said of itself in a privileged call. Null when not seen.
    /// </summary>
    public (int Pid, int Level)? NamespacePid { get; set; }

    /// <summary>
    /// True for the container's own processes: the entrypoint or an exec'd command from its exec on, and whatever
    /// they fork. False for the container runtime's setup processes (runc), whose records are not the target's.
    /// </summary>
    public bool Tracked { get; set; }

    /// <summary>The executable path of the last exec seen, inherited over fork.</summary>
    public string? Executable { get; set; }

    public string? Comm { get; set; } = comm;

    /// <summary>Null when unknown (then relative paths resolve to <see cref="TracedPath.UnknownCwd"/>).</summary>
    public TracedPath? WorkingDirectory { get; set; }

    public Dictionary<int, OpenFile> Files { get; } = [];

    /// <summary>Addresses sockets were bound to, by fd, for listen().</summary>
    public Dictionary<int, SocketAddress> BoundSockets { get; } = [];

    /// <summary>The name events carry: the executable, else the kernel comm, else the pid.</summary>
    public string Name => Executable ?? Comm ?? $"pid {Pid}";

    public TracedPath Directory(int dirfd) => dirfd == PathResolver.CurrentDirectory
        ? WorkingDirectory ?? TracedPath.UnknownCwd
        : Files.TryGetValue(dirfd, out var file) ? file.Path : TracedPath.UnknownFd(dirfd);

    public TracedPath Resolve(int dirfd, TracedPath name) => PathResolver.Combine(Directory(dirfd), name);

    public void SetFile(int fd, OpenFile file)
    {
        Forget(fd);
        if (Files.Count < MaxOpenFiles)
        {
            Files[fd] = file;
        }
    }

    public void Forget(int fd)
    {
        Files.Remove(fd);
        BoundSockets.Remove(fd);
    }

    /// <summary>A forked child: same executable, working directory, fds and sockets, tracked like its parent.</summary>
    public ProcessState Fork(int childPid, string? childComm)
    {
        var child = new ProcessState(childPid, Pid, childComm ?? Comm, Lineage)
        {
            Tracked = Tracked,
            Executable = Executable,
            WorkingDirectory = WorkingDirectory,
        };
        foreach (var (fd, file) in Files)
        {
            child.Files[fd] = file;
        }

        foreach (var (fd, address) in BoundSockets)
        {
            child.BoundSockets[fd] = address;
        }

        return child;
    }

    /// <summary>After a successful exec, close-on-exec fds are gone.</summary>
    public void CloseOnExec()
    {
        foreach (var fd in Files.Where(f => f.Value.CloseOnExec).Select(f => f.Key).ToList())
        {
            Forget(fd);
        }
    }
}
