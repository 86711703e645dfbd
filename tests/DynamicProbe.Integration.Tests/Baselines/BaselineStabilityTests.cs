using System.Text.Json;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Baselines;

/// <summary>
/// Re-running an unchanged target against its own baseline gives zero drift, run after run: the file-processor
/// example (a benign program that reads its working folder and writes to /tmp, so its profile holds more than its own
/// start) is recorded once, then run ten times against that baseline, as ten copies in one <c>run --parallel 2</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BaselineStabilityTests
{
    private const int Runs = 10;
    private string _folder = null!;
    private CliRun _record = null!;
    private string _baseline = null!;
    private CliRun _run = null!;

    [OneTimeSetUp]
    public async Task RecordOnceThenRunTenTimes()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"dynamicprobe-baseline-stability-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        var example = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Examples, "file-processor.yaml"));
        var samples = Path.Combine(RepositoryPaths.Root, "scenarios", "samples");
        for (var i = 1; i <= Runs; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(_folder, Name(i) + ".yaml"), example
                .Replace("name: file-processor", $"name: {Name(i)}", StringComparison.Ordinal)
                .Replace("../samples", samples, StringComparison.Ordinal));
        }

        _record = await CliRun.ExecuteAsync("baseline", "record", Path.Combine(_folder, Name(1) + ".yaml"));
        TestContext.Progress.WriteLine(_record.Output + _record.Error);
        _baseline = await File.ReadAllTextAsync(Path.Combine(_folder, Name(1) + ".baseline"));
        for (var i = 2; i <= Runs; i++)
        {
            await File.WriteAllTextAsync(
                Path.Combine(_folder, Name(i) + ".baseline"), _baseline.Replace($"scenario {Name(1)}\n", $"scenario {Name(i)}\n", StringComparison.Ordinal));
        }

        _run = await CliRun.ExecuteAsync("run", "--baseline", _folder, "--parallel", "2");
        TestContext.Progress.WriteLine(_run.Output + _run.Error);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _run?.Report?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void TheBaselineHoldsTheProgramsOwnBehaviour()
    {
        Assert.That(_record.ExitCode, Is.EqualTo(0), _record.Error);
        Assert.That(_baseline.Split('\n'), Does.Contain("exec /app/FileProcessor")
            .And.Contain("read /work/input/january.csv")
            .And.Contain("write /tmp/report.txt"));
    }

    [Test]
    public void TenRunsAgainstItShowNoDrift()
    {
        var scenarios = _run.Report!.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        var drift = scenarios.SelectMany(s => s.GetProperty("findings").EnumerateArray()
            .Select(f => $"{s.GetProperty("name").GetString()}: {f.GetProperty("rule").GetString()}: {f.GetProperty("message").GetString()}")).ToList();

        Assert.That(scenarios, Has.Count.EqualTo(Runs));
        Assert.That(drift, Is.Empty);
        Assert.That(scenarios.Select(s => s.GetProperty("verdict").GetString()), Is.All.EqualTo("clean"));
        Assert.That(_run.ExitCode, Is.EqualTo(0), _run.Error);
    }

    private static string Name(int i) => $"file-processor-{i:00}";
}
