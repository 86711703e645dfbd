namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Converts bpftrace's <c>nsecs</c> (CLOCK_MONOTONIC, nanoseconds since boot, not counting suspend) to wall time,
/// with the offset between the two clocks measured once, at attach.
/// </summary>
internal sealed class MonotonicClock(DateTimeOffset wallAtReference, long monotonicNanosecondsAtReference)
{
    /// <summary>Measures the offset now. On Linux, Stopwatch reads CLOCK_MONOTONIC, the clock bpftrace's nsecs uses.</summary>
    public static MonotonicClock Now() => new(DateTimeOffset.UtcNow, MonotonicNanoseconds());

    public DateTimeOffset ToWallTime(long monotonicNanoseconds) =>
        wallAtReference.AddTicks((monotonicNanoseconds - monotonicNanosecondsAtReference) / 100);

    /// <summary>This moment as an event happening now would be timed: the same reading, the same conversion.</summary>
    public DateTimeOffset WallTimeNow() => ToWallTime(MonotonicNanoseconds());

    private static long MonotonicNanoseconds() =>
        (long)(System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000.0 / System.Diagnostics.Stopwatch.Frequency));
}
