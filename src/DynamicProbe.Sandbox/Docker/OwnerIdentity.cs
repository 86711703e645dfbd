using System.Globalization;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// A host process, named so that a recycled pid is not mistaken for it: the pid and the process's start time in
/// clock ticks since boot (field 22 of <c>/proc/&lt;pid&gt;/stat</c>).
/// </summary>
public sealed record OwnerIdentity(int Pid, long StartTime)
{
    /// <summary>This process.</summary>
    public static OwnerIdentity Current()
    {
        var pid = Environment.ProcessId;
        return new OwnerIdentity(pid, ReadStartTime(pid) ?? throw new InvalidOperationException($"/proc/{pid}/stat is unreadable"));
    }

    /// <summary>Parses the <c>pid:start-time</c> form of a label or owner file; null when it is not that form.</summary>
    public static OwnerIdentity? TryParse(string? text)
    {
        var parts = text?.Trim().Split(':');
        return parts is [var pid, var start]
               && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
               && long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? new OwnerIdentity(p, s)
            : null;
    }

    /// <summary>True while the process runs: its pid exists and started at the same tick.</summary>
    public bool IsAlive() => ReadStartTime(Pid) == StartTime;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Pid}:{StartTime}");

    /// <summary>The start time of <paramref name="pid"/>, or null when no such process exists.</summary>
    internal static long? ReadStartTime(int pid)
    {
        try
        {
            return ParseStartTime(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Field 22 of a stat line. The command name (field 2) may hold spaces and parentheses, so count after its last ')'.</summary>
    internal static long? ParseStartTime(string statLine)
    {
        var end = statLine.LastIndexOf(')');
        if (end < 0)
        {
            return null;
        }

        var fields = statLine[(end + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int startTimeAfterComm = 22 - 3; // fields[0] is field 3 (state)
        return fields.Length > startTimeAfterComm
               && long.TryParse(fields[startTimeAfterComm], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? start
            : null;
    }
}
