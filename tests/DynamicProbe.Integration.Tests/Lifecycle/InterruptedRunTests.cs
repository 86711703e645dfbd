using System.Diagnostics;
using Docker.DotNet.Models;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Lifecycle;

/// <summary>
/// The real <c>dynamicprobe</c> process, interrupted mid-run: Ctrl-C and SIGTERM remove everything it made before it
/// exits; after a kill -9, the next run's reaper does.
/// </summary>
[NonParallelizable]
public sealed class InterruptedRunTests
{
    private string _folder = null!;
    private string _scenario = null!;
    private string _name = null!;

    [SetUp]
    public async Task WriteSlowScenario()
    {
        _folder = Directory.CreateTempSubdirectory("dynamicprobe-interrupt-").FullName;
        _name = $"interrupted-{Guid.NewGuid():N}"[..24];
        _scenario = Path.Combine(_folder, "slow.yaml");
        await File.WriteAllTextAsync(_scenario, $"""
            version: 1
            name: {_name}
            target:
              command: ["/bin/sleep", "120"]
            sandbox:
              network: none
              honeytokens: false
              timeout: 180s
            steps:
              - run: {"{}"}
            """);
    }

    [TearDown]
    public void RemoveScenario() => Directory.Delete(_folder, recursive: true);

    [TestCase("INT", "--default-signal=INT")]
    [TestCase("TERM", "--default-signal=INT")]
    [TestCase("TERM", "--ignore-signal=INT")] // started as a background job of a non-interactive shell
    public async Task SignalledRunRemovesItsSandboxBeforeExiting(string signal, string sigintDisposition)
    {
        using var engine = DockerEngine.FromEnvironment();
        using var run = StartCli(sigintDisposition);
        await WaitForContainerAsync(engine, present: true);
        var tracers = TracersOf(run.Id);
        Assert.That(tracers, Is.Not.Empty, "precondition: the run traces its sandbox");

        Signal(run.Id, signal);
        var exited = run.WaitForExit(TimeSpan.FromSeconds(90));

        Assert.That(exited, Is.True, "dynamicprobe did not exit after SIG" + signal);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(await run.StandardError.ReadToEndAsync(), Does.Contain("interrupted"));
        Assert.That(await ContainersAsync(engine), Is.Empty, "a container was left behind");
        Assert.That(tracers.Where(p => ReadComm(p) == "bpftrace"), Is.Empty, "a bpftrace was left behind");
    }

    [Test]
    public async Task KilledRunIsReapedByTheNextRun()
    {
        using var engine = DockerEngine.FromEnvironment();
        using var run = StartCli("--default-signal=INT");
        await WaitForContainerAsync(engine, present: true);

        run.Kill();
        await run.WaitForExitAsync();
        Assert.That(await ContainersAsync(engine), Is.Not.Empty, "precondition: kill -9 leaves the sandbox behind");

        await new Reaper(engine.Client).ReapAsync(CancellationToken.None);

        Assert.That(await ContainersAsync(engine), Is.Empty);
    }

    /// <param name="sigintDisposition">
    /// How <c>env</c> hands SIGINT to the CLI. The test states its own conditions: a shell that starts the test run as
    /// a background job hands it SIGINT ignored, and dynamicprobe keeps an inherited ignore (see the README).
    /// </param>
    private Process StartCli(string sigintDisposition)
    {
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "dynamicprobe.dll");
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { sigintDisposition, "dotnet", cli, "run", _scenario })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private async Task WaitForContainerAsync(DockerEngine engine, bool present)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await ContainersAsync(engine)).Count > 0 != present)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the run's container never appeared");
            await Task.Delay(500);
        }

        // Let the run reach its step (monitor attached, target running) before interrupting it.
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    private async Task<IList<ContainerListResponse>> ContainersAsync(DockerEngine engine) =>
        await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Scenario}={_name}"] = true } },
        });

    /// <summary>bpftrace processes whose parent chain leads to <paramref name="pid"/> (setpriv in between), while it runs.</summary>
    private static List<int> TracersOf(int pid) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var p) ? p : 0)
            .Where(p => p > 0 && ReadComm(p) == "bpftrace" && HasAncestor(p, pid))];

    private static bool HasAncestor(int pid, int ancestor)
    {
        for (var current = pid; current > 1; current = ParentOf(current))
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }
}
