using System.Globalization;
using System.Runtime.InteropServices;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Signals and process trees on the host, by host pid. Signalling a sandboxed process from outside, rather than by
/// exec'ing <c>kill</c> into the sandbox, leaves no process of ours in the recording.
/// </summary>
public static partial class HostProcesses
{
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process no longer exists.</summary>
    public static bool Signal(int pid, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        if (Kill(pid, signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess
            ? false
            : throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {errno}");
    }

    /// <summary>Every living descendant of <paramref name="pid"/>, children before grandchildren.</summary>
    public static IReadOnlyList<int> Descendants(int pid, string procRoot = "/proc")
    {
        var found = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in ChildrenOf(parent, procRoot).Where(c => !found.Contains(c)))
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    private static IEnumerable<int> ChildrenOf(int pid, string procRoot)
    {
        var tasks = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "task");
        string[] threads;
        try
        {
            threads = Directory.GetDirectories(tasks);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        return threads.SelectMany(thread => ReadPids(Path.Combine(thread, "children")));
    }

    private static IEnumerable<int> ReadPids(string file)
    {
        try
        {
            return File.ReadAllText(file)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
                .ToList();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
