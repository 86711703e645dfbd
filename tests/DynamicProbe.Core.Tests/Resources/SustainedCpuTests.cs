using DynamicProbe.Core.Resources;

namespace DynamicProbe.Core.Tests.Resources;

/// <summary>The CPU rule on sample series shaped like the runner's (one sample every 250 ms of cumulative CPU seconds).</summary>
public sealed class SustainedCpuTests
{
    private const double Interval = 0.25;

    [Test]
    public void A_busy_loop_while_the_scenario_sleeps_is_sustained_use()
    {
        var samples = Series(("sleep step", false, 8.0, 0.98));

        var window = SustainedCpu.Find(samples, cpuLimit: 1);

        Assert.That(window, Is.Not.Null);
        Assert.That(window!.Cpus, Is.EqualTo(0.98).Within(0.01));
        Assert.That(window.Duration, Is.GreaterThanOrEqualTo(SustainedCpu.Window));
        Assert.That(window.From.Step, Is.EqualTo("sleep step"));
    }

    [Test]
    public void A_busy_foreground_run_is_explained_by_its_step()
    {
        var samples = Series(("run step", true, 20.0, 1.0), ("sleep step", false, 2.0, 0.0));

        Assert.That(SustainedCpu.Find(samples, cpuLimit: 1), Is.Null);
    }

    [Test]
    public void A_start_up_burst_while_waiting_for_a_port_is_not_sustained()
    {
        // A .NET service: about 1.5 s of JIT and start-up at full speed, then idle, all during wait_for and sleep.
        var samples = Series(("wait_for step", false, 1.5, 1.0), ("wait_for step", false, 0.5, 0.02), ("sleep step", false, 6.0, 0.01));

        Assert.That(SustainedCpu.Find(samples, cpuLimit: 1), Is.Null);
    }

    [Test]
    public void Use_shorter_than_the_window_is_not_sustained()
    {
        var samples = Series(("sleep step", false, 4.0, 1.0), ("run step", true, 1.0, 1.0), ("sleep step", false, 4.0, 1.0));

        Assert.That(SustainedCpu.Find(samples, cpuLimit: 1), Is.Null, "two waits of 4 s split by a foreground step are two short stretches");
    }

    [Test]
    public void The_threshold_is_a_share_of_the_cpu_limit()
    {
        var oneCpuBusy = Series(("sleep step", false, 10.0, 1.0));

        Assert.That(SustainedCpu.Find(oneCpuBusy, cpuLimit: 2), Is.Null, "half of two CPUs");
        Assert.That(SustainedCpu.Find(oneCpuBusy, cpuLimit: 1.2), Is.Not.Null, "over 80% of 1.2 CPUs");
    }

    [Test]
    public void The_busiest_window_is_reported()
    {
        var samples = Series(("sleep step", false, 6.0, 0.85), ("after the last step", false, 6.0, 1.0));

        var window = SustainedCpu.Find(samples, cpuLimit: 1);

        Assert.That(window!.Cpus, Is.EqualTo(1.0).Within(0.01));
        Assert.That(window.From.Step, Is.EqualTo("after the last step"));
    }

    [Test]
    public void No_samples_no_finding() => Assert.That(SustainedCpu.Find([], cpuLimit: 1), Is.Null);

    /// <summary>Consecutive stretches: (step, foreground, seconds, CPUs kept busy), sampled every 250 ms.</summary>
    internal static List<CpuSample> Series(params (string Step, bool Foreground, double Seconds, double Cpus)[] stretches)
    {
        var samples = new List<CpuSample>();
        var at = 0.0;
        var cpu = 0.3; // the runtime's own start-up before the first sample
        foreach (var (step, foreground, seconds, cpus) in stretches)
        {
            for (var t = 0.0; t < seconds; t += Interval)
            {
                samples.Add(new CpuSample(TimeSpan.FromSeconds(at), cpu, foreground, step));
                at += Interval;
                cpu += cpus * Interval;
            }
        }

        return samples;
    }
}
