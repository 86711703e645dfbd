using System.Text.Json;
using DynamicProbe.Cli.Commands;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Tests.Shared.ReportValidation;

namespace DynamicProbe.Integration.Tests.Lifecycle;

/// <summary>
/// The real <c>dynamicprobe</c> process, interrupted at each moment of a run (monitor attach, build, steps, the drain
/// after the steps): Ctrl-C and SIGTERM remove every container, cgroup leaf, tracer, scratch folder and mount it made,
/// and every requested report is still written, with the unfinished scenario marked interrupted (inconclusive, exit
/// code 3); after a kill -9, the next run removes them. How long each exit took after the signal is printed, never
/// asserted (the target, 10 s, is for <c>make bench</c>).
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

        var next = await WriteQuickScenarioAsync("next");
        using var nextRun = CliProcess.Start(DefaultSigint, "run", next);
        Assert.That(await nextRun.WaitForExitAsync("the next run"), Is.Zero, nextRun.Output + nextRun.Error);
        await footprint.AssertNothingLeftAsync();
        Assert.That(footprint.Tracers, Is.Not.Empty, "precondition: the run's tracer was seen, so its absence means something");
        if (moment != Moment.Attach)
        {
            Assert.That(footprint.Mounts, Is.Not.Empty, "precondition: the run's sandbox mounts were seen, so their absence means something");
        }
    }

    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task ASignalAfterTheFirstScenarioFinishedReportsItsVerdictAndTheOtherInterrupted(string signal)
    {
        using var engine = DockerEngine.FromEnvironment();
        var quick = await WriteQuickScenarioAsync("quick");
        var slow = await WriteFileAsync("slow.yaml", $$"""
            version: 1
            name: {{_name}}-slow
            target:
              command: ["/bin/sleep", "120"]
            sandbox:
              timeout: 180s
            steps:
              - run: {}
            """);
        using var run = CliProcess.Start(DefaultSigint, ["run", quick, slow, .. ReportArguments()]);
        await using var quickFootprint = new RunFootprint(engine, $"{_name}-quick", run.Pid);
        await using var slowFootprint = new RunFootprint(engine, $"{_name}-slow", run.Pid);

        await slowFootprint.WaitUntilAsync(f => f.SandboxProcesses.Any(p => p.Argv is ["/bin/sleep", "120"]), "the second scenario's target running");
        Assert.That(run.Output, Does.Contain($"clean         {_name}-quick"), "precondition: the first scenario finished and was printed");
        run.Signal(signal);

        var exitCode = await run.WaitForExitAsync($"SIG{signal} during the second scenario");
        Assert.That(exitCode, Is.EqualTo(3), run.Output + run.Error);
        using var report = await ReadReportsAsync();
        var scenarios = report.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        Assert.That(
            scenarios.Select(s => (s.GetProperty("name").GetString(), s.GetProperty("verdict").GetString(), s.TryGetProperty("interrupted", out _))),
            Is.EqualTo(new[] { ($"{_name}-quick", "clean", false), ($"{_name}-slow", "inconclusive", true) }));
        Assert.That(scenarios[1].GetProperty("problems")[0].GetString(), Does.StartWith($"interrupted by SIG{signal} before it finished"));
        Assert.That(report.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(3));
        Assert.That(run.Output, Does.Contain($"Interrupted by SIG{signal}: 1 of 2 scenario(s) finished"));

        // Not a terminal (a pipe, as in CI): plain timestamped progress lines, never an escape code.
        Assert.That(run.Output, Does.Not.Contain("\u001b"));
        Assert.That(run.Output, Does.Match($@"\[\d\d:\d\d\] {_name}-quick: run, steps\[0\] run line 10\n"));
        Assert.That(run.Output, Does.Match($@"\[\d\d:\d\d\] {_name}-slow: run, steps\[0\] run line 8\n"));
        await quickFootprint.AssertNothingLeftAsync();
        await slowFootprint.AssertNothingLeftAsync();
    }

    private async Task InterruptAsync(Moment moment, string signal, string sigintDisposition)
    {
        using var engine = DockerEngine.FromEnvironment();
        using var run = CliProcess.Start(sigintDisposition, ["run", await WriteScenarioAsync(moment), .. ReportArguments()]);
        await using var footprint = new RunFootprint(engine, _name, run.Pid);

        await ReachAsync(moment, footprint, run);
        run.Signal(signal);

        var exitCode = await run.WaitForExitAsync($"SIG{signal} during {moment}");
        Assert.That(exitCode, Is.EqualTo(3), run.Output + run.Error);
        Assert.That(run.Output, Does.Contain($"Interrupted by SIG{signal}: 0 of 1 scenario(s) finished"));
        using (var report = await ReadReportsAsync())
        {
            var scenario = report.RootElement.GetProperty("scenarios").EnumerateArray().Single();
            Assert.That((scenario.GetProperty("verdict").GetString(), scenario.GetProperty("interrupted").GetBoolean()), Is.EqualTo(("inconclusive", true)));
            Assert.That(scenario.GetProperty("problems")[0].GetString(), Does.StartWith($"interrupted by SIG{signal} before it"));
        }

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

    /// <summary>A report of every format the CLI writes, each to its own file in the test's folder.</summary>
    private string[] ReportArguments() => [.. new ReportOptions().All.SelectMany(o => new[] { o.Name, ReportPath(o.Name) })];

    private string ReportPath(string option) => Path.Combine(_folder, "report." + option.TrimStart('-'));

    /// <summary>Asserts that every requested report was written, the JSON and SARIF ones valid; returns the JSON one.</summary>
    private async Task<JsonDocument> ReadReportsAsync()
    {
        foreach (var option in ReportArguments().Where(a => a.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.That(new FileInfo(ReportPath(option)).Length, Is.GreaterThan(0), $"the {option} report is written");
        }

        var json = await File.ReadAllTextAsync(ReportPath("--json"));
        JsonReportSchema.AssertValid(json, "the JSON report of an interrupted run");
        await SarifValidator.AssertValidAsync(ReportPath("--sarif"));
        return JsonDocument.Parse(json);
    }

    /// <summary>A scenario that runs /bin/true and is clean: <paramref name="suffix"/> names it and its file.</summary>
    private Task<string> WriteQuickScenarioAsync(string suffix) => WriteFileAsync($"{suffix}.yaml", $$"""
        version: 1
        name: {{_name}}-{{suffix}}
        target:
          command: ["/bin/true"]
        sandbox:
          network: none
          honeytokens: false
          timeout: 60s
        steps:
          - run: {}
        expect:
          processes: [/bin/true]
        """);

    private async Task<string> WriteFileAsync(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

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
