namespace DynamicProbe.Core.Resources;

/// <summary>
/// The CPU rule: CPU use the scenario's steps do not explain. Only samples taken while no step ran a program in the
/// foreground count (a <c>sleep</c>, a <c>wait_for</c>, the wait for escaped processes after the last step: whatever
/// runs then, a background target included, runs on its own). Within such a stretch, use averaging at least
/// <see cref="Share"/> of the CPU limit over at least <see cref="Window"/> is sustained: a miner runs flat out, a
/// service starting up or answering requests does not for seconds on end while nobody asks it anything.
/// </summary>
public static class SustainedCpu
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    public const double Share = 0.8;

    /// <summary>The busiest unexplained window of at least <see cref="Window"/> over the threshold, or null.</summary>
    public static CpuWindow? Find(IReadOnlyList<CpuSample> samples, double cpuLimit)
    {
        CpuWindow? busiest = null;
        foreach (var stretch in WaitingStretches(samples))
        {
            var end = 0;
            for (var start = 0; start < stretch.Count; start++)
            {
                end = Math.Max(end, start + 1);
                while (end < stretch.Count && stretch[end].At - stretch[start].At < Window)
                {
                    end++;
                }

                if (end == stretch.Count)
                {
                    break;
                }

                var window = new CpuWindow(stretch[start], stretch[end]);
                if (window.Cpus >= Share * cpuLimit && (busiest is null || window.Cpus > busiest.Cpus))
                {
                    busiest = window;
                }
            }
        }

        return busiest;
    }

    /// <summary>Runs of consecutive samples taken while nothing ran in the foreground.</summary>
    private static IEnumerable<List<CpuSample>> WaitingStretches(IReadOnlyList<CpuSample> samples)
    {
        var stretch = new List<CpuSample>();
        foreach (var sample in samples)
        {
            if (sample.Foreground)
            {
                if (stretch.Count > 1)
                {
                    yield return stretch;
                }

                stretch = [];
                continue;
            }

            stretch.Add(sample);
        }

        if (stretch.Count > 1)
        {
            yield return stretch;
        }
    }
}
