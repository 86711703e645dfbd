namespace DynamicProbe.Core.Resources;

/// <summary>CPU use between two samples: <see cref="Cpus"/> is the average number of CPUs kept busy.</summary>
public sealed record CpuWindow(CpuSample From, CpuSample To)
{
    public TimeSpan Duration => To.At - From.At;

    public double CpuSeconds => To.CpuSeconds - From.CpuSeconds;

    public double Cpus => CpuSeconds / Duration.TotalSeconds;
}
