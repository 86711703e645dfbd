using System.Globalization;
using System.Runtime.InteropServices;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Tracer;

/// <summary>
/// Makes monitor.bt print a BARRIER record on every CPU: a short-lived thread per CPU, pinned to it, calls
/// <c>prctl(0x44500000, sequence, cgroup id)</c>, an option no kernel knows (it fails with EINVAL) and the monitor
/// watches for from this process only. A CPU's perf buffer is read in order, so reading its barrier proves every
/// record written on that CPU before it has been read.
/// </summary>
internal static partial class DrainBarrier
{
    public const int PrctlOption = 0x44500000;

    /// <summary>The CPUs a sandbox's processes can run on: every online CPU.</summary>
    public static IReadOnlyList<int> OnlineCpus(string onlineFile = "/sys/devices/system/cpu/online")
    {
        var cpus = new List<int>();
        foreach (var range in File.ReadAllText(onlineFile).Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = range.Split('-');
            var first = int.Parse(bounds[0], CultureInfo.InvariantCulture);
            var last = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : first;
            cpus.AddRange(Enumerable.Range(first, last - first + 1));
        }

        return cpus;
    }

    /// <summary>Calls the barrier on each CPU; returns the CPUs it could not be pinned to (their barrier never comes).</summary>
    public static IReadOnlyList<int> Raise(IReadOnlyList<int> cpus, long sequence, ulong cgroupId)
    {
        var failed = new List<int>();
        var threads = cpus.Select(cpu => new Thread(() =>
        {
            if (!PinTo(cpu))
            {
                lock (failed)
                {
                    failed.Add(cpu);
                }

                return;
            }

            _ = Prctl(PrctlOption, (ulong)sequence, cgroupId, 0, 0);
        })
        {
            IsBackground = true,
            Name = $"drain barrier cpu {cpu}",
        }).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        return failed;
    }

    private static bool PinTo(int cpu)
    {
        var mask = new ulong[Math.Max(1, (cpu / 64) + 1)];
        mask[cpu / 64] = 1UL << (cpu % 64);
        return SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), mask) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, ulong[] mask);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
