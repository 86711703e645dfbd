using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Integration.Tests.Lifecycle;

/// <summary>
/// The real <c>dynamicprobe</c> process, interrupted at each moment of a run (monitor attach, build, steps, the drain
/// after the steps): Ctrl-C and SIGTERM remove every container, cgroup leaf, tracer, scratch folder and mount it made
/// before it exits with code 2; after a kill -9, the next run removes them. How long each exit took after the signal
/// is printed, never asserted (the target, 10 s, is for <c>make bench</c>).
/// </summary>
[NonParallelizable]
public sealed class InterruptedRunTests
{
    private const string DefaultSigint = "--default-signal=INT";

    private string _folder = null!;
    private string _name = null!;

    /// <summary>The moments a signal is sent at.</summary>
    public enum Moment
    {
        /// <summary>As soon as the run's one bpftrace exists (it compiles and attaches first, before any sandbox is made).</summary>
        Attach,

        /// <summary>While MSBuild runs in the build sandbox of a fresh build, before any run sandbox exists.</summary>
        Build,

        /// <summary>While the target of a long <c>run</c> step runs.</summary>
        Steps,

        /// <summary>
        /// The moment the last step's process ended (after a burst of 30 000 file events), while the run's sandbox still
        /// exists: the recording is being drained and the sandbox taken down.
        /// </summary>
        Drain,
    }

    [SetUp]
    public void MakeFolder()
    {
        _folder = Directory.CreateTempSubdirectory("dynamicprobe-interrupt-").FullName;
        _name = $"interrupted-{Guid.NewGuid():N}"[..24];
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestCase(Moment.Attach, "INT")]
    [TestCase(Moment.Attach, "TERM")]
    [TestCase(Moment.Build, "INT")]
    [TestCase(Moment.Build, "TERM")]
    [TestCase(Moment.Steps, "INT")]
    [TestCase(Moment.Steps, "TERM")]
    [TestCase(Moment.Drain, "INT")]
    [TestCase(Moment.Drain, "TERM")]
    public async Task SignalledRunRemovesEverythingItMadeBeforeExiting(Moment moment, string signal) =>
        await InterruptAsync(moment, signal, DefaultSigint);

    [Test]
    public async Task SigtermStopsARunStartedWithSigintIgnored() =>
        await InterruptAsync(Moment.Steps, "TERM", "--ignore-signal=INT"); // as a background job of a non-interactive shell

    [TestCase(Moment.Attach)]
    [TestCase(Moment.Build)]
    [TestCase(Moment.Steps)]
    public async Task KilledRunIsReapedByTheNextRun(Moment moment)
    {
        using var engine = DockerEngine.FromEnvironment();
        using var run = CliProcess.Start(DefaultSigint, "run", await WriteScenarioAsync(moment));
        await using var footprint = new RunFootprint(engine, _name, run.Pid);
        await ReachAsync(moment, footprint, run);

        run.KillHard();
        if (moment != Moment.Attach)
        {
            // At attach the one tracer is compiling: no sandbox exists yet, and the tracer dies with the run.
            Assert.That(await footprint.LiveImagesAsync(), Is.Not.Empty, "precondition: kill -9 leaves the sandbox behind");
        }

        var next = Path.Combine(_folder, "next.yaml");
        await File.WriteAllTextAsync(next, $"""
            version: 1
            name: {_name}-next
            target:
              command: ["/bin/true"]
            sandbox:
              network: none
              honeytokens: false
              timeout: 60s
            steps:
              - run: {"{}"}
            expect:
              processes: [/bin/true]
            """);
        using var nextRun = CliProcess.Start(DefaultSigint, "run", next);
        Assert.That(await nextRun.WaitForExitAsync("the next run"), Is.Zero, nextRun.Output + nextRun.Error);
        await footprint.AssertNothingLeftAsync();
        Assert.That(footprint.Tracers, Is.Not.Empty, "precondition: the run's tracer was seen, so its absence means something");
        if (moment != Moment.Attach)
        {
            Assert.That(footprint.Mounts, Is.Not.Empty, "precondition: the run's sandbox mounts were seen, so their absence means something");
        }
    }

    private async Task InterruptAsync(Moment moment, string signal, string sigintDisposition)
    {
        using var engine = DockerEngine.FromEnvironment();
        using var run = CliProcess.Start(sigintDisposition, "run", await WriteScenarioAsync(moment));
        await using var footprint = new RunFootprint(engine, _name, run.Pid);

        await ReachAsync(moment, footprint, run);
        run.Signal(signal);

        var exitCode = await run.WaitForExitAsync($"SIG{signal} during {moment}");
        Assert.That(exitCode, Is.EqualTo(2), run.Output + run.Error);
        Assert.That(run.Error, Does.Contain("interrupted"));
        await footprint.AssertNothingLeftAsync();
        Assert.That(footprint.Tracers, Is.Not.Empty, "precondition: the run's tracer was seen, so its absence means something");
        if (moment != Moment.Attach)
        {
            Assert.That(footprint.Mounts, Is.Not.Empty, "precondition: the run's sandbox mounts were seen, so their absence means something");
        }
    }

    /// <summary>Waits for the moment; the precondition checks make a signal sent at another moment fail the test.</summary>
    private static async Task ReachAsync(Moment moment, RunFootprint footprint, CliProcess run)
    {
        switch (moment)
        {
            case Moment.Attach:
                await footprint.WaitUntilAsync(f => f.Tracers.Count > 0, "a bpftrace of the run");
                Assert.That(footprint.SandboxProcesses.Where(p => IsTarget(moment, p.Argv)), Is.Empty, "precondition: the target has not started yet");
                break;
            case Moment.Build:
                await footprint.WaitUntilAsync(f => f.SandboxProcesses.Any(p => p.Image == "dynamicprobe/sdk" && p.Argv.Count > 0 && p.Argv[0].EndsWith("dotnet", StringComparison.Ordinal)), "dotnet running in the build sandbox");
                Assert.That(await footprint.LiveImagesAsync(), Is.All.EqualTo("dynamicprobe/sdk"), "precondition: no run sandbox exists yet");
                break;
            case Moment.Steps:
                await footprint.WaitUntilAsync(f => f.SandboxProcesses.Any(p => IsTarget(moment, p.Argv)), "the target running");
                break;
            case Moment.Drain:
                var target = 0;
                await footprint.WaitUntilAsync(f => (target = f.SandboxProcesses.FirstOrDefault(p => IsTarget(moment, p.Argv)).Pid) != 0, "the target running");
                await WaitForExitOfAsync(target);
                Assert.That(await footprint.LiveImagesAsync(), Does.Contain("dynamicprobe/base"), "precondition: the run's sandbox still exists");
                break;
        }

        Assert.That(run.HasExited, Is.False, $"precondition: dynamicprobe still runs; stderr: {run.Error}");
    }

    /// <summary>Polls one process closely (the sampler's full scans are too coarse to catch a short drain), failing the test after 3 minutes.</summary>
    private static async Task WaitForExitOfAsync(int pid)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (HostProcs.Exists(pid))
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the target (pid {pid}) never ended");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    private static bool IsTarget(Moment moment, IReadOnlyList<string> argv) => moment switch
    {
        Moment.Drain => argv is ["/bin/sh", "-c", ..] && argv[2].Contains("/tmp/churn", StringComparison.Ordinal),
        _ => argv is ["/bin/sleep", "120"],
    };

    private async Task<string> WriteScenarioAsync(Moment moment)
    {
        var scenario = Path.Combine(_folder, "scenario.yaml");
        var text = moment switch
        {
            Moment.Build => await WriteFreshProjectAsync(),
            Moment.Drain => """
                target:
                  command: ["/bin/sh", "-c", "i=0; while [ $i -lt 30000 ]; do : > /tmp/churn; i=$((i+1)); done"]
                sandbox:
                  timeout: 180s
                expect:
                  files:
                    write: [/tmp/churn]
                """,
            _ => """
                target:
                  command: ["/bin/sleep", "120"]
                sandbox:
                  timeout: 180s
                """,
        };
        await File.WriteAllTextAsync(scenario, $"""
            version: 1
            name: {_name}
            {text}
            steps:
              - run: {"{}"}
            """);
        return scenario;
    }

    /// <summary>A copy of the HelloConsole sample with a source file of its own, so the build cache cannot answer it.</summary>
    private async Task<string> WriteFreshProjectAsync()
    {
        var project = Path.Combine(_folder, "HelloConsole");
        Directory.CreateDirectory(project);
        foreach (var file in Directory.GetFiles(Path.Combine(Examples.RepositoryPaths.Root, "scenarios", "samples", "HelloConsole")))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(project, "Fresh.cs"), $"internal static class Fresh {{ public const string Id = \"{Guid.NewGuid():N}\"; }}\n");

        // Stop MSBuild's search for Directory.*.props above the copy, as scenarios/ does for the samples.
        await File.WriteAllTextAsync(Path.Combine(_folder, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "Directory.Packages.props"), "<Project />\n");
        return """
            target:
              project: HelloConsole/HelloConsole.csproj
            sandbox:
              timeout: 180s
            """;
    }
}
