namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Converts bpftrace's <c>nsecs</c> (CLOCK_MONOTONIC, nanoseconds since boot, not counting suspend) to wall time,
/// with the offset between the two clocks measured at a session's attach. Event times are compared with times other
/// clocks read (the sinkhole's captures are stamped with the wall clock), so the offset must be exact: a thread
/// preempted between reading the two clocks would shift every event by as long as it waited.
/// </summary>
internal sealed class MonotonicClock(DateTimeOffset wallAtReference, long monotonicNanosecondsAtReference)
{
    private const int Samples = 8;

    /// <summary>
    /// Measures the offset now: the wall clock read between two monotonic readings, the pair closest together of
    /// <see cref="Samples"/> tries, taken at their midpoint. On Linux, Stopwatch reads CLOCK_MONOTONIC, the clock
    /// bpftrace's nsecs uses.
    /// </summary>
    public static MonotonicClock Now()
    {
        var best = (Gap: long.MaxValue, Wall: default(DateTimeOffset), Monotonic: 0L);
        for (var sample = 0; sample < Samples; sample++)
        {
            var before = MonotonicNanoseconds();
            var wall = DateTimeOffset.UtcNow;
            var after = MonotonicNanoseconds();
            if (after - before < best.Gap)
            {
                best = (after - before, wall, before + ((after - before) / 2));
            }
        }

        return new(best.Wall, best.Monotonic);
    }

    public DateTimeOffset ToWallTime(long monotonicNanoseconds) =>
        wallAtReference.AddTicks((monotonicNanoseconds - monotonicNanosecondsAtReference) / 100);

    /// <summary>This moment as an event happening now would be timed: the same reading, the same conversion.</summary>
    public DateTimeOffset WallTimeNow() => ToWallTime(MonotonicNanoseconds());

    private static long MonotonicNanoseconds() =>
        (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));
}
