using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Monitoring;

/// <summary>One attached tracer. Disposing it without <see cref="StopAsync"/> kills the tracer and frees the cgroup.</summary>
public interface IMonitorSession : IAsyncDisposable
{
    /// <summary>Drains what the kernel still holds, stops the tracer and returns the recording in time order.</summary>
    Task<PhaseRecording> StopAsync(CancellationToken cancellationToken);
}
