namespace DynamicProbe.Core.Events;

/// <summary>
/// How complete a phase's recording is. Anything but <see cref="IsComplete"/> makes a verdict inconclusive:
/// the tool never calls a run clean when it may have missed something.
/// </summary>
/// <param name="LostEvents">Events the kernel dropped before the monitor read them.</param>
/// <param name="Failure">Why the monitor died or could not attach, when it did.</param>
/// <param name="DroppedEvents">Events the monitor itself discarded to stay bounded in memory.</param>
public sealed record MonitorHealth(long LostEvents = 0, string? Failure = null, long DroppedEvents = 0)
{
    public static MonitorHealth Healthy { get; } = new();

    public bool IsComplete => LostEvents == 0 && Failure is null && DroppedEvents == 0;

    /// <summary>Plain words for a report: why this recording cannot be trusted, or null when it can.</summary>
    public string? Problem => IsComplete
        ? null
        : string.Join("; ", new[]
        {
            Failure is null ? null : $"monitor failed: {Failure}",
            LostEvents == 0 ? null : $"the kernel dropped {LostEvents} event(s) before the monitor read them",
            DroppedEvents == 0 ? null : $"{DroppedEvents} event(s) over the recording limit were discarded",
        }.Where(s => s is not null));
}
