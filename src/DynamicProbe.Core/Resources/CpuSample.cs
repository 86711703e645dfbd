namespace DynamicProbe.Core.Resources;

/// <summary>
/// The sandbox's cumulative CPU time at one moment of the run.
/// </summary>
/// <param name="At">Time since the first sample.</param>
/// <param name="CpuSeconds">CPU time used by everything in the sandbox so far.</param>
/// <param name="Foreground">True while a step ran a program in the foreground (<c>run</c>, <c>exec</c>, <c>stop</c>):
/// CPU use then is explained by the scenario itself.</param>
/// <param name="Step">The step in progress (or "after the last step"), for messages.</param>
public sealed record CpuSample(TimeSpan At, double CpuSeconds, bool Foreground, string Step);
