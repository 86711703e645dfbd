using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Console;

/// <summary>The real CLI (real Docker, real monitor) under <c>--quiet</c>: a clean run prints its summary and report path, nothing else.</summary>
[TestFixture]
[NonParallelizable]
public sealed class QuietRunTests
{
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("dynamicprobe-quiet-test-");

    [TearDown]
    public void RemoveFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task AQuietCleanRunPrintsOnlyTheSummaryAndTheReportPath()
    {
        var scenario = Path.Combine(_folder.FullName, "quiet.yaml");
        await File.WriteAllTextAsync(scenario, """
            version: 1
            name: quiet-true
            target:
              command: ["/bin/true"]
            sandbox:
              network: none
              honeytokens: false
            steps:
              - run: { expect_exit: 0 }
            expect:
              processes: [/bin/true]
            """);

        var run = await CliRun.ExecuteAsync("run", "-q", scenario);

        var lines = run.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(run.ExitCode, Is.Zero, run.Output + run.Error);
        Assert.That(lines[0], Does.StartWith("1 scenario(s): 1 clean"), run.Output);
        Assert.That(lines.Skip(1), Is.Not.Empty.And.All.Match(@"^\w+ report: /"), run.Output);
    }

    [Test]
    public async Task QuietWithAProgressModeIsRefusedBeforeAnythingRuns()
    {
        var run = await CliRun.ExecuteAsync("run", "--quiet", "--progress", "plain", Path.Combine(_folder.FullName, "none.yaml"));

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("--quiet shows no progress"));
    }
}
