using System.Diagnostics;

namespace DynamicProbe.Core.Timing;

/// <summary>
/// Measures the stages of one phase on the monotonic clock (<see cref="Stopwatch"/>), from the moment it is made.
/// Stages may run side by side: each is recorded when it ends, whatever the thread.
/// </summary>
public sealed class StageClock
{
    private readonly long origin = Stopwatch.GetTimestamp();
    private readonly Lock gate = new();
    private readonly List<StageTiming> stages = [];

    public async Task<T> TimeAsync<T>(string stage, Func<Task<T>> work)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            Record(stage, started);
        }
    }

    public async Task TimeAsync(string stage, Func<Task> work) =>
        await TimeAsync(stage, async () =>
        {
            await work();
            return true;
        });

    public T Time<T>(string stage, Func<T> work)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            Record(stage, started);
        }
    }

    public void Time(string stage, Action work) =>
        Time(stage, () =>
        {
            work();
            return true;
        });

    /// <summary>Records a stage that began at <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>) and ends now.</summary>
    public void Record(string stage, long started)
    {
        var ended = Stopwatch.GetTimestamp();
        var timing = new StageTiming(stage, Stopwatch.GetElapsedTime(origin, started), Stopwatch.GetElapsedTime(started, ended));
        lock (gate)
        {
            stages.Add(timing);
        }
    }

    /// <summary>The stages so far, ordered by start, and the time since the clock was made.</summary>
    public PhaseTimings Read()
    {
        var total = Stopwatch.GetElapsedTime(origin);
        lock (gate)
        {
            return new PhaseTimings([.. stages.OrderBy(s => s.Start)], total);
        }
    }
}
