using System.Text.Json;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Sharding;

/// <summary><c>--shard</c> and <c>merge</c> through the real command line, where no sandbox is needed: bad input, empty shards, unreadable reports.</summary>
public sealed class ShardCommandLineTests
{
    private static string HelloConsole => Path.Combine(RepositoryPaths.Examples, "hello-console.yaml");

    [TestCase("3/2", "--shard 3/2: K must be from 1 to 2", "--shard 2/2")]
    [TestCase("0/2", "--shard 0/2: K must be from 1 to 2", "--shard 1/2")]
    [TestCase("two", "--shard 'two': expected K/N", "2/3")]
    public async Task ABadShardIsExitCode2WithTheFix(string shard, string problem, string fix)
    {
        var run = await CliRun.ExecuteAsync("run", HelloConsole, "--shard", shard);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain(problem).And.Contain(fix));
        Assert.That(run.Error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task AShardWithNoScenarioWritesAnEmptyReportAndMergeNamesTheShardMissing()
    {
        var folder = Directory.CreateTempSubdirectory("dynamicprobe-shards-");
        try
        {
            var run = await CliRun.ExecuteAsync("run", HelloConsole, "--shard", "2/2");

            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Output, Does.Contain("shard 2/2: none of the suite's 1 scenario(s) falls to this shard"));
            var report = run.Report!.RootElement;
            Assert.That(report.GetProperty("scenarios").GetArrayLength(), Is.EqualTo(0));
            Assert.That(report.GetProperty("exitCode").GetInt32(), Is.EqualTo(0));
            Assert.That(report.GetProperty("shard").GetProperty("index").GetInt32(), Is.EqualTo(2));
            Assert.That(report.GetProperty("shard").GetProperty("suite").GetProperty("order").EnumerateArray().Select(n => n.GetString()), Is.EqualTo(new[] { "hello-console" }));

            var file = Path.Combine(folder.FullName, "shard-2.json");
            await File.WriteAllTextAsync(file, report.GetRawText());
            var merge = await CliRun.ExecuteAsync("merge", file);

            Assert.That(merge.ExitCode, Is.EqualTo(2));
            Assert.That(merge.Error, Does.Contain("shard 1/2 missing").And.Contain($"{file} (shard 2/2)"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task MergeNamesAReportThatIsMissingOrNotAReport()
    {
        var folder = Directory.CreateTempSubdirectory("dynamicprobe-shards-");
        try
        {
            var missing = Path.Combine(folder.FullName, "shard-9.json");
            var notReport = Path.Combine(folder.FullName, "notes.json");
            await File.WriteAllTextAsync(notReport, JsonSerializer.Serialize(new { hello = "world" }));

            var gone = await CliRun.ExecuteAsync("merge", missing);
            var wrong = await CliRun.ExecuteAsync("merge", notReport);

            Assert.That(gone.ExitCode, Is.EqualTo(2));
            Assert.That(gone.Error, Does.Contain($"{missing}: no such report file"));
            Assert.That(wrong.ExitCode, Is.EqualTo(2));
            Assert.That(wrong.Error, Does.Contain($"{notReport}: not a DynamicProbe JSON report"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
