namespace DynamicProbe.Core.Timing;

/// <summary>Where a phase's time went: its stages in the order they began, and its whole wall time.</summary>
/// <param name="Stages">Ordered by <see cref="StageTiming.Start"/>; stages that ran side by side overlap.</param>
/// <param name="Total">From the phase's start to its outcome; time between stages is overhead not worth a name.</param>
public sealed record PhaseTimings(IReadOnlyList<StageTiming> Stages, TimeSpan Total)
{
    /// <summary>For a phase nobody measured (a test double).</summary>
    public static PhaseTimings None { get; } = new([], TimeSpan.Zero);
}
