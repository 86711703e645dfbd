using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Cli;

/// <summary>The sandbox needs root on the host: it prepares cgroups, runs bpftrace and hands files to the sandbox user.</summary>
internal static class RootCheck
{
    public static void Require(string what)
    {
        if (!IsRoot())
        {
            throw new UserErrorException($"{what} needs root (it traces the sandbox with eBPF and prepares its cgroups): run it with sudo, or as root.");
        }
    }

    private static bool IsRoot() => File.ReadLines("/proc/self/status")
        .FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?
        .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1] == "0";
}
