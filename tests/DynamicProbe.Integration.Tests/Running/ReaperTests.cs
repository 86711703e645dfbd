using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>A run that died (its owner label names a process that no longer exists) is reaped; a living run's things are kept.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ReaperTests
{
    private DockerEngine engine = null!;
    private DirectoryInfo scratchRoot = null!;

    [SetUp]
    public void Connect()
    {
        engine = DockerEngine.FromEnvironment();
        scratchRoot = Directory.CreateTempSubdirectory("dynamicprobe-reaper-test-");
    }

    [TearDown]
    public void Disconnect()
    {
        engine.Dispose();
        scratchRoot.Delete(recursive: true);
    }

    [Test]
    public async Task Leftovers_of_a_dead_owner_are_removed_and_those_of_a_live_one_kept()
    {
        var me = OwnerIdentity.Current();
        var dead = me with { StartTime = me.StartTime + 1 }; // this pid, but not this process: a recycled pid
        var vanished = new OwnerIdentity(int.MaxValue - 7, 1);
        await using var live = await CreateAsync(me);
        var deadContainer = await CreateAsync(dead);
        var vanishedContainer = await CreateAsync(vanished);
        var liveFolder = ScratchFolder.Create(scratchRoot.FullName, "live-run", me);
        ScratchFolder.Create(scratchRoot.FullName, "dead-run", dead);
        // The leaf of a container that is gone, made just now: as a run killed between creating and starting it leaves it.
        var leftoverLeaf = Path.Combine(SandboxCgroups.UnifiedRoot, SandboxCgroups.Parent.Trim('/'), $"{Guid.NewGuid():N}{Guid.NewGuid():N}");
        Directory.CreateDirectory(leftoverLeaf);

        var report = await new Reaper(engine.Client, scratchRoot.FullName).ReapAsync(CancellationToken.None);

        Assert.That(report.Containers, Is.EquivalentTo(new[] { deadContainer.Id, vanishedContainer.Id }));
        Assert.That(await ExistsAsync(live.Id), Is.True);
        Assert.That(await ExistsAsync(deadContainer.Id), Is.False);
        Assert.That(Directory.GetDirectories(scratchRoot.FullName), Is.EqualTo(new[] { liveFolder.Path }));
        Assert.That(report.Cgroups, Does.Contain(leftoverLeaf));
        Assert.That(Directory.Exists(leftoverLeaf), Is.False);
    }

    [Test]
    public async Task A_tracer_of_a_dead_run_is_killed_and_that_of_a_live_one_kept()
    {
        // Normally the kernel kills a tracer with its run (parent-death signal); this is the reaper's fallback for one
        // that survived. A bash renamed bpftrace stands in for it: the reaper knows a tracer by its name and its arguments.
        var me = OwnerIdentity.Current();
        var live = ScratchFolder.Create(scratchRoot.FullName, "live-monitor", me);
        var dead = ScratchFolder.Create(scratchRoot.FullName, "dead-monitor", me with { StartTime = me.StartTime + 1 });
        var binaries = Directory.CreateTempSubdirectory("dynamicprobe-fake-tracer-");
        try
        {
            var bpftrace = Path.Combine(binaries.FullName, "bpftrace");
            File.Copy("/bin/bash", bpftrace);
            using var liveTracer = StartFakeTracer(bpftrace, Path.Combine(live.Path, "monitor.bt"));
            using var deadTracer = StartFakeTracer(bpftrace, Path.Combine(dead.Path, "monitor.bt"));
            try
            {
                var report = await new Reaper(engine.Client, scratchRoot.FullName).ReapAsync(CancellationToken.None);

                Assert.That(report.Tracers, Is.EqualTo(new[] { deadTracer.Id }));
                Assert.That(deadTracer.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "the dead run's tracer still runs");
                Assert.That(liveTracer.HasExited, Is.False, "the live run's tracer was killed");
            }
            finally
            {
                liveTracer.Kill();
                deadTracer.Kill();
            }
        }
        finally
        {
            binaries.Delete(recursive: true);
        }
    }

    /// <summary>Waits on its stdin, which is never written to, with no child process that could outlive it.</summary>
    private static Process StartFakeTracer(string bpftrace, string script)
    {
        var start = new ProcessStartInfo(bpftrace) { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "read -t 600 line; :", script })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private async Task<SandboxContainer> CreateAsync(OwnerIdentity owner)
    {
        var container = new SandboxContainerBuilder(engine.Client)
            .WithImage(SandboxTestImages.Base)
            .WithLabels(SandboxLabels.For($"reaper-test-{Guid.NewGuid():N}", "reaper-test", owner))
            .Build();
        await container.CreateAsync(CancellationToken.None);
        await container.StartAsync(CancellationToken.None);
        return container;
    }

    private async Task<bool> ExistsAsync(string id)
    {
        try
        {
            await engine.Client.Containers.InspectContainerAsync(id, CancellationToken.None);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }
}
