using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Baselines;

/// <summary>
/// What the baseline commands refuse, each with exit code 2 (or 3 for a recording not fully observed) and a message
/// naming the file and the fix: no baseline file, a revision or repository git does not know, a target.command
/// scenario for --baseline-from, and a run cut short by its timeout, whose baseline is not written.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BaselineErrorsTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"dynamicprobe-baseline-errors-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task AScenarioWithoutItsBaselineFileIsAUserError()
    {
        var run = await CliRun.ExecuteAsync("run", "--baseline", Path.Combine(RepositoryPaths.Examples, "hello-console.yaml"));

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("hello-console.baseline").And.Contain("dynamicprobe baseline record"));
    }

    [Test]
    public async Task ARevisionGitDoesNotKnowIsAUserError()
    {
        using var repository = new TestRepository();
        repository.Commit(1);

        var run = await CliRun.ExecuteAsync("run", "--baseline-from", "no-such-branch", repository.Scenario);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("--baseline-from no-such-branch: no such commit"));
    }

    [Test]
    public async Task AProjectOutsideAnyGitRepositoryIsAUserError()
    {
        var project = Path.Combine(_folder, "App", "App.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(project)!);
        await File.WriteAllTextAsync(project, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var scenario = await Write("app.yaml", "version: 1\nname: app\ntarget:\n  project: App/App.csproj\nsteps:\n  - run: {}\n");

        var run = await CliRun.ExecuteAsync("run", "--baseline-from", "HEAD~1", scenario);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("needs the target's project in a git repository"));
    }

    [Test]
    public async Task BaselineFromARevisionNeedsAProjectTarget()
    {
        var scenario = await Write("command.yaml", "version: 1\nname: command\ntarget:\n  command: [\"/bin/true\"]\nsteps:\n  - run: {}\n");

        var run = await CliRun.ExecuteAsync("run", "--baseline-from", "HEAD~1", scenario);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("command.yaml").And.Contain("target.command").And.Contain("baseline record"));
    }

    [Test]
    public async Task BothBaselineFlagsAtOnceAreRefused()
    {
        var run = await CliRun.ExecuteAsync("run", "--baseline", "--baseline-from", "HEAD~1", Path.Combine(RepositoryPaths.Examples, "hello-console.yaml"));

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("exclude each other"));
    }

    [Test]
    public async Task ARecordingCutShortByTheTimeoutWritesNoBaseline()
    {
        var scenario = await Write("slow.yaml",
            "version: 1\nname: slow\ntarget:\n  command: [\"/bin/sleep\", \"30\"]\nsandbox:\n  network: none\n  timeout: 2s\nsteps:\n  - run: {}\n");

        var record = await CliRun.ExecuteAsync("baseline", "record", scenario);

        Assert.That(record.ExitCode, Is.EqualTo(3), record.Output + record.Error);
        Assert.That(record.Output, Does.Contain("slow: baseline NOT written, the run was not fully observed").And.Contain("timeout"));
        Assert.That(File.Exists(Path.Combine(_folder, "slow.baseline")), Is.False);
    }

    private async Task<string> Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
