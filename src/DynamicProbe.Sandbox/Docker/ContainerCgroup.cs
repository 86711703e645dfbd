using System.Globalization;
using DynamicProbe.Sandbox.Monitoring;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// Reads the kernel's own counters for one sandbox container's cgroup on this host: how many processes the OOM killer
/// took, how many forks the pids limit refused, the peak memory use and the CPU time used. Docker's <c>State.OOMKilled</c> only covers the container's main
/// process, never an exec'd one, so these counters are how a memory bomb run by exec is recognised.
/// </summary>
public sealed class ContainerCgroup(string containerId, string cgroupRoot = "/sys/fs/cgroup")
{
    /// <summary>OOM kills so far; null when no counter is readable (cgroup v1 memory, else v2).</summary>
    public long? OomKills() => ReadCounter(
        ("memory/" + Leaf + "/memory.oom_control", "oom_kill"),
        (Leaf + "/memory.events", "oom_kill"));

    /// <summary>Forks refused by the pids limit so far; null when no counter is readable.</summary>
    public long? PidsLimitHits() => ReadCounter(
        ("pids/" + Leaf + "/pids.events", "max"),
        (Leaf + "/pids.events", "max"));

    /// <summary>The most memory the cgroup ever used; null when unreadable (v2 before Linux 5.19 has no memory.peak).</summary>
    public long? PeakMemoryBytes() => ReadNumber("memory/" + Leaf + "/memory.max_usage_in_bytes")
        ?? ReadNumber(Leaf + "/memory.peak");

    /// <summary>CPU time used by every process the cgroup ever held, in seconds; null when unreadable.</summary>
    public double? CpuSeconds()
    {
        if (ReadNumber("cpuacct/" + Leaf + "/cpuacct.usage") is { } nanoseconds)
        {
            return nanoseconds / 1e9;
        }

        return ReadCounter((Leaf + "/cpu.stat", "usage_usec")) is { } microseconds ? microseconds / 1e6 : null;
    }

    private string Leaf => $"{SandboxCgroups.Parent.Trim('/')}/{containerId}";

    private long? ReadCounter(params (string File, string Key)[] candidates)
    {
        foreach (var (file, key) in candidates)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(cgroupRoot, file));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var value = ParseKeyedValue(text, key);
            if (value is not null)
            {
                return value;
            }
        }

        return null;
    }

    private long? ReadNumber(string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(Path.Combine(cgroupRoot, file)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The value of <c>key N</c> in a flat-keyed cgroup file.</summary>
    internal static long? ParseKeyedValue(string text, string key) =>
        text.Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2 && parts[0] == key)
            .Select(parts => long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (long?)null)
            .FirstOrDefault();
}
