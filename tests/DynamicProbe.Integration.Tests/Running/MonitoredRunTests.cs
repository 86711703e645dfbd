using Docker.DotNet;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>The runner with the real kernel monitor: the target's actions are recorded, the sandbox's own init is not.</summary>
[TestFixture]
[NonParallelizable]
public sealed class MonitoredRunTests
{
    [Test]
    public async Task The_recording_holds_the_targets_actions_and_none_of_the_inits()
    {
        using var engine = DockerEngine.FromEnvironment();
        IDockerClient docker = engine.Client;
        var runner = new SandboxRunner(docker, SharedMonitor.Monitor);
        var scenario = Command(["/bin/sh", "-c", "cat /etc/hostname > /tmp/seen; echo done"],
            [new RunStep(At(10), 0, null, "done"), new ExecStep(At(11), ["/bin/ls", "/tmp"])]);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Select(s => s.Succeeded), Is.All.True, string.Join("\n", outcome.Steps.Select(s => s.Detail)));
        Assert.That(outcome.Recording.Health.IsComplete, Is.True, outcome.Recording.Health.Problem);
        var execs = outcome.Recording.Events.OfType<ProcessExecEvent>().ToList();
        Assert.That(execs.Select(e => e.Argv.FirstOrDefault()), Does.Contain("/bin/sh").And.Contain("cat").And.Contain("/bin/ls"));
        Assert.That(execs.Select(e => e.Path), Has.None.EqualTo(SandboxContainerBuilder.SandboxInit).And.None.EndsWith("/docker-init"));
        Assert.That(outcome.Recording.Events.OfType<FileEvent>().Where(f => f.Operation == FileOperation.Write).Select(f => f.Path), Does.Contain("/tmp/seen"));
        Assert.That(outcome.Recording.Events.Select(e => e.Process), Has.None.EqualTo(SandboxContainerBuilder.SandboxInit));
    }
}
