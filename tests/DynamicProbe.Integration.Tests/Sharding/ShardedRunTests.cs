using System.Text.Json;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Sharding;

/// <summary>
/// A small suite run once whole and once as 2 shards on this machine, the shards' reports merged by the real
/// <c>dynamicprobe merge</c>: the same scenarios in the same order, the same verdicts, findings and exit code.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ShardedRunTests
{
    // One clean, three caught; quick ones (README benchmarks: a few seconds each with the build cached).
    private static readonly string[] Examples = ["hello-console", "shell-dropper", "raw-connect", "bashrc-persistence"];

    // What an evidence entry did, without when or by which host pid.
    private static readonly string[] EvidenceKeys = ["type", "process", "operation", "path", "secondPath", "endpoint", "argv", "error", "flagNames"];

    private DirectoryInfo _folder = null!;
    private CliRun _whole = null!;
    private CliRun[] _shards = null!;
    private CliRun _merge = null!;
    private JsonDocument _merged = null!;

    [OneTimeSetUp]
    public async Task RunWholeAndShardedThenMerge()
    {
        _folder = Directory.CreateTempSubdirectory("dynamicprobe-shards-");
        var paths = Examples.Select(e => Path.Combine(RepositoryPaths.Examples, e + ".yaml")).ToArray();
        _whole = await CliRun.ExecuteAsync(["run", .. paths]);
        _shards = [await CliRun.ExecuteAsync(["run", .. paths, "--shard", "1/2"]), await CliRun.ExecuteAsync(["run", .. paths, "--shard", "2/2"])];

        var shardFiles = new List<string>();
        for (var k = 0; k < _shards.Length; k++)
        {
            var file = Path.Combine(_folder.FullName, $"shard-{k + 1}.json");
            await File.WriteAllTextAsync(file, (_shards[k].Report ?? throw new InvalidOperationException($"shard {k + 1}: no report; {_shards[k].Error}")).RootElement.GetRawText());
            shardFiles.Add(file);
        }

        var mergedFile = Path.Combine(_folder.FullName, "merged.json");
        _merge = await CliRun.ExecuteAsync(["merge", shardFiles[1], shardFiles[0], "--json", mergedFile]);
        _merged = JsonDocument.Parse(await File.ReadAllTextAsync(mergedFile));
        TestContext.Progress.WriteLine(_merge.Output + _merge.Error);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _whole?.Report?.Dispose();
        foreach (var shard in _shards ?? [])
        {
            shard.Report?.Dispose();
        }

        _merged?.Dispose();
        _folder?.Delete(recursive: true);
    }

    [Test]
    public void EachShardRunsItsHalfAndRecordsTheWholeSuite()
    {
        var names = _shards.Select(s => Scenarios(s.Report!.RootElement).Select(Name).ToList()).ToList();

        Assert.That(names[0], Has.Count.EqualTo(2));
        Assert.That(names[1], Has.Count.EqualTo(2));
        Assert.That(names[0].Concat(names[1]), Is.EquivalentTo(Examples));
        for (var k = 0; k < 2; k++)
        {
            var shard = _shards[k].Report!.RootElement.GetProperty("shard");
            Assert.That(shard.GetProperty("index").GetInt32(), Is.EqualTo(k + 1));
            Assert.That(shard.GetProperty("count").GetInt32(), Is.EqualTo(2));
            Assert.That(shard.GetProperty("suite").GetProperty("order").EnumerateArray().Select(n => n.GetString()), Is.EqualTo(Examples));
        }

        Assert.That(_whole.Report!.RootElement.TryGetProperty("shard", out _), Is.False);
    }

    [Test]
    public void TheMergedReportHasTheWholeRunsScenariosVerdictsAndFindings()
    {
        Assert.That(_merge.ExitCode, Is.EqualTo(_whole.ExitCode), _merge.Error);
        var whole = Scenarios(_whole.Report!.RootElement).ToList();
        var merged = Scenarios(_merged.RootElement).ToList();

        Assert.That(merged.Select(Name), Is.EqualTo(whole.Select(Name)));
        Assert.That(merged.Select(Verdict), Is.EqualTo(whole.Select(Verdict)));
        Assert.That(merged.Select(Findings), Is.EqualTo(whole.Select(Findings)));
    }

    [Test]
    public void TheSuiteHasBothVerdictsAndTheExitCodeOfItsFindings()
    {
        var verdicts = Scenarios(_merged.RootElement).ToDictionary(Name, Verdict);

        Assert.That(verdicts["hello-console"], Is.EqualTo("clean"));
        Assert.That(verdicts["shell-dropper"], Is.EqualTo("findings"));
        Assert.That(_whole.ExitCode, Is.EqualTo(1), _whole.Error);
        Assert.That(_merged.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
        Assert.That(_merge.Output, Does.Contain("4 scenario(s): 1 clean, 3 FINDINGS, 0 INCONCLUSIVE, 0 ERROR. Exit code 1 (Findings)."));
    }

    private static IEnumerable<JsonElement> Scenarios(JsonElement report) => report.GetProperty("scenarios").EnumerateArray();

    private static string Name(JsonElement scenario) => scenario.GetProperty("name").GetString()!;

    private static string Verdict(JsonElement scenario) => scenario.GetProperty("verdict").GetString()!;

    /// <summary>A scenario's findings as comparable text: rule, severity, phase, message, whether it fails the run, and what each evidence entry did.</summary>
    private static string Findings(JsonElement scenario) => string.Join("\n", scenario.GetProperty("findings").EnumerateArray().Select(f =>
        string.Join(" | ",
            f.GetProperty("rule").GetString(),
            f.GetProperty("severity").GetString(),
            f.GetProperty("phase").GetString(),
            f.GetProperty("message").GetString(),
            f.GetProperty("failsRun").GetBoolean(),
            string.Join("; ", f.GetProperty("evidence").EnumerateArray().Select(Evidence)))));

    private static string Evidence(JsonElement entry) => string.Join(",", EvidenceKeys
        .Where(key => entry.TryGetProperty(key, out _))
        .Select(key => $"{key}={entry.GetProperty(key).GetRawText()}"));
}
