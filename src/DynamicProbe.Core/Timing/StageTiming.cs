namespace DynamicProbe.Core.Timing;

/// <summary>One stage of a phase's critical path, read on a monotonic clock.</summary>
/// <param name="Stage">What ran, in kebab-case (<c>monitor-attach</c>) or the step it was (<c>steps[0] run</c>).</param>
/// <param name="Start">When it began, counted from the start of its phase.</param>
/// <param name="Duration">How long it took.</param>
public sealed record StageTiming(string Stage, TimeSpan Start, TimeSpan Duration)
{
    public TimeSpan End => Start + Duration;
}
