using Docker.DotNet;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring;

namespace DynamicProbe.Integration.Tests.Honeytokens;

/// <summary>
/// A stand-in monitor that, when the runner stops it (the steps are over, the container still runs), looks from the
/// host at what the container's init (PID 1) and its configuration hold in their environment.
/// </summary>
internal sealed class EnvironmentPeekingMonitor(IDockerClient docker) : IProcessMonitor
{
    public IReadOnlyList<string> ContainerEnvironment { get; private set; } = [];

    public IReadOnlyList<string> InitEnvironment { get; private set; } = [];

    public Task<IMonitorSession> AttachAsync(string containerId, Phase phase, CancellationToken cancellationToken) =>
        Task.FromResult<IMonitorSession>(new Session(this, docker, containerId, phase));

    private sealed class Session(EnvironmentPeekingMonitor monitor, IDockerClient docker, string containerId, Phase phase) : IMonitorSession
    {
        public async Task<PhaseRecording> StopAsync(CancellationToken cancellationToken)
        {
            var container = await docker.Containers.InspectContainerAsync(containerId, cancellationToken);
            monitor.ContainerEnvironment = [.. container.Config.Env ?? []];
            monitor.InitEnvironment = File.ReadAllText($"/proc/{container.State.Pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return new PhaseRecording(phase, [], MonitorHealth.Healthy);
        }

        /// <summary>The stand-in records no events, so any clock will do for the steps' bounds.</summary>
        public DateTimeOffset Now() => DateTimeOffset.UtcNow;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
