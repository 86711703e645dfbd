using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Monitoring;

/// <summary>One attached tracer. Disposing it without <see cref="StopAsync"/> kills the tracer and frees the cgroup.</summary>
public interface IMonitorSession : IAsyncDisposable
{
    /// <summary>Drains what the kernel still holds, stops the tracer and returns the recording in time order.</summary>
    Task<PhaseRecording> StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The current time on the clock the recording's event times are made with, so that times taken with it (a
    /// step's start and end) compare exactly with the events'.
    /// </summary>
    DateTimeOffset Now();
}
