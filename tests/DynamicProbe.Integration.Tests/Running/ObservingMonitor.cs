using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>
/// A stand-in for the kernel monitor that records how the runner used it: the container's state when attached, and
/// whether the session was stopped and disposed. Its recording is empty; the runner's own behaviour is under test.
/// </summary>
internal sealed class ObservingMonitor(IDockerClient docker) : IProcessMonitor
{
    public List<string> StatesAtAttach { get; } = [];

    public List<string> Calls { get; } = [];

    public async Task<IMonitorSession> AttachAsync(string containerId, Phase phase, CancellationToken cancellationToken)
    {
        var state = (await docker.Containers.InspectContainerAsync(containerId, cancellationToken)).State;
        StatesAtAttach.Add(state.Status);
        Calls.Add("attach");
        return new Session(this, phase, containerId, docker);
    }

    private sealed class Session(ObservingMonitor monitor, Phase phase, string containerId, IDockerClient docker) : IMonitorSession
    {
        public Task<PhaseRecording> StopAsync(CancellationToken cancellationToken)
        {
            monitor.Calls.Add("stop");
            return Task.FromResult(new PhaseRecording(phase, [], MonitorHealth.Healthy));
        }

        /// <summary>The stand-in records no events, so any clock will do for the steps' bounds.</summary>
        public DateTimeOffset Now() => DateTimeOffset.UtcNow;

        public async ValueTask DisposeAsync()
        {
            var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true });
            monitor.Calls.Add(containers.Any(c => c.ID == containerId) ? "dispose-with-container" : "dispose");
        }
    }
}
