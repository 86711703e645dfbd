using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Monitoring;

/// <summary>
/// Watches every process in one container from the host kernel, invisible to the target. Attach after the container
/// is created and before it starts, so its first instruction is already observed.
/// </summary>
public interface IProcessMonitor
{
    /// <summary>Prepares the container's cgroup and returns once the tracer is attached and reading.</summary>
    /// <param name="containerId">The full id of a created, not yet started, container in <see cref="SandboxCgroups.Parent"/>.</param>
    Task<IMonitorSession> AttachAsync(string containerId, Phase phase, CancellationToken cancellationToken);
}
