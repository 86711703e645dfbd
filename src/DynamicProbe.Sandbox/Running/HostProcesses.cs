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

    /// <summary>The living (not zombie) children of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Children(int pid, string procRoot = "/proc") =>
        [.. ChildrenOf(pid, procRoot).Distinct().Where(child => !IsGoneOrZombie(child, procRoot))];

    /// <summary>The command line of <paramref name="pid"/>, arguments separated by spaces; empty when it is gone.</summary>
    public static string CommandLineOf(int pid, string procRoot = "/proc")
    {
        try
        {
            return File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "cmdline")).TrimEnd('\0').Replace('\0', ' ');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>State Z in /proc/pid/stat (after the parenthesised name, which may itself hold spaces or ')').</summary>
    private static bool IsGoneOrZombie(int pid, string procRoot)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            var afterName = stat.LastIndexOf(')');
            return afterName < 0 || stat.AsSpan(afterName + 1).TrimStart().StartsWith("Z");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return true;
        }
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
