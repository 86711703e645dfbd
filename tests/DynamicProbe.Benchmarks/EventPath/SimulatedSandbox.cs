namespace DynamicProbe.Benchmarks.EventPath;

/// <summary>One sandbox of the generated stream: its cgroup id, its service's pid and threads, the fds and children it hands out.</summary>
internal sealed class SimulatedSandbox(long cgroup, int pid)
{
    private const int FirstFd = 20;
    private const int LastFd = 400;
    private const int Threads = 8;

    private int _nextFd = FirstFd;
    private int _nextChild = pid + 1000;
    private int _nextName;

    public long Cgroup { get; } = cgroup;

    /// <summary>The service's process id; its main thread has the same id.</summary>
    public int Pid { get; } = pid;

    /// <summary>A thread of the service: the kernel numbers threads after their process.</summary>
    public int Thread(Random random) => Pid + random.Next(Threads);

    /// <summary>The next descriptor an open returns; each is closed before it comes round again.</summary>
    public int NextFd() => _nextFd = _nextFd >= LastFd ? FirstFd : _nextFd + 1;

    public int NextChild() => _nextChild++;

    /// <summary>A counter for names that change from one action to the next (temporary files, folders).</summary>
    public int NextName() => _nextName++;
}
