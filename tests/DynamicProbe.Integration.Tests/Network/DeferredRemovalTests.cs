using Docker.DotNet.Models;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Running;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Network;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Network.NetworkTestScenarios;

namespace DynamicProbe.Integration.Tests.Network;

/// <summary>
/// A run handed its removal to <see cref="SandboxRemovals"/>: the outcome comes back first, then the target, the
/// monitor session, the sinkhole pod and the scratch folder go, in that order, before the process may exit. The
/// monitor is a stand-in that records the order (<see cref="ObservingMonitor"/>).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DeferredRemovalTests
{
    [Test]
    public async Task A_sinkhole_run_returns_its_outcome_and_everything_of_it_is_removed_in_order_before_the_process_exits()
    {
        using var engine = DockerEngine.FromEnvironment();
        var monitor = new ObservingMonitor(engine.Client);
        var removals = new SandboxRemovals();
        var runner = new SandboxRunner(engine.Client, monitor,
            new SandboxRunnerOptions(Sinkhole: new SinkholePodOptions(CatcherFolder: PublishedCatcher.Folder)), removals);

        var outcome = await runner.RunAsync(Script("echo hello", NetworkMode.Sinkhole), null, NoProgress.Instance, CancellationToken.None);
        await removals.WhenAllRemovedAsync();

        Assert.That(outcome.Steps.Single().Succeeded, Is.True, outcome.Steps.Single().Detail);
        Assert.That(outcome.Removed.IsCompletedSuccessfully, Is.True);
        Assert.That(monitor.Calls, Is.EqualTo(new[] { "attach", "stop", "dispose" }), "the session is disposed once its container is gone");
        var owner = OwnerIdentity.Current().ToString();
        var left = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Owner}={owner}"] = true } },
        });
        Assert.That(left.Select(c => c.Names.FirstOrDefault()), Is.Empty, "the target and the pod's net container are removed");
        var folders = Directory.Exists(ScratchFolder.DefaultRoot)
            ? Directory.GetDirectories(ScratchFolder.DefaultRoot)
                .Where(f => ScratchFolder.ReadOwner(f)?.ToString() == owner && !SharedMonitor.OwnsScratchFolder(f))
                .ToList()
            : [];
        Assert.That(folders, Is.Empty, "the scratch folder is removed");
        var stages = outcome.Timings.Stages.ToDictionary(s => s.Stage);
        Assert.That(stages["sinkhole-pod-start"].End, Is.LessThanOrEqualTo(stages["container-start"].Start), "the target starts once the catcher listens");
    }
}
