using System.Globalization;

namespace DynamicProbe.Integration.Tests.Lifecycle;

/// <summary>What the host's <c>/proc</c> says about its processes; a process that vanishes mid-read reads as empty.</summary>
internal static class HostProcs
{
    public static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    public static string? Comm(int pid) => Read(pid, "comm")?.Trim();

    public static IReadOnlyList<string> Argv(int pid) => Read(pid, "cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The cgroup paths of every hierarchy the process is in (<c>/dynamicprobe/&lt;container id&gt;</c> for a sandbox's).</summary>
    public static string Cgroups(int pid) => Read(pid, "cgroup") ?? "";

    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>The process group (field 5 of <c>stat</c>).</summary>
    public static int ProcessGroup(int pid) => StatField(pid, 2);

    public static bool HasAncestor(int pid, int ancestor)
    {
        for (var current = pid; current > 1; current = StatField(current, 1))
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Field <paramref name="index"/> counted from the state (field 3) of <c>stat</c>; 0 when unreadable.</summary>
    private static int StatField(int pid, int index)
    {
        var stat = Read(pid, "stat");
        if (stat is null)
        {
            return 0;
        }

        // The command name (field 2) may hold spaces and parentheses: count after its last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[index], CultureInfo.InvariantCulture);
    }

    private static string? Read(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
