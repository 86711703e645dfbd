using System.Text.Json;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Baselines;

/// <summary>
/// A benign program whose second version adds one outbound connection (to updates.example.com, answered by the
/// sinkhole): a baseline recorded on version 1, then version 2 run against it (<c>run --baseline</c>) and against
/// version 1 straight from git (<c>run --baseline-from HEAD~1</c>). Both must report that connection (with the
/// lookup that led to it) as drift, and nothing else.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BaselineDriftTests
{
    private TestRepository _repository = null!;
    private CliRun _record = null!;
    private string _baseline = null!;
    private CliRun _fromFile = null!;
    private CliRun _fromRevision = null!;
    private string[] _scratchBefore = null!;

    [OneTimeSetUp]
    public async Task RecordOnVersion1ThenRunVersion2()
    {
        _repository = new TestRepository();
        _repository.Commit(1);
        _record = await CliRun.ExecuteAsync("baseline", "record", _repository.Scenario);
        TestContext.Progress.WriteLine(_record.Output + _record.Error);
        _baseline = File.Exists(_repository.BaselineFile) ? await File.ReadAllTextAsync(_repository.BaselineFile) : "";

        _repository.Commit(2);
        _fromFile = await CliRun.ExecuteAsync("run", "--baseline", _repository.Scenario);
        TestContext.Progress.WriteLine(_fromFile.Output + _fromFile.Error);

        _scratchBefore = ScratchFolders();
        _fromRevision = await CliRun.ExecuteAsync("run", "--baseline-from", "HEAD~1", _repository.Scenario);
        TestContext.Progress.WriteLine(_fromRevision.Output + _fromRevision.Error);
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        _fromFile?.Report?.Dispose();
        _fromRevision?.Report?.Dispose();
        _repository?.Dispose();
    }

    [Test]
    public void TheBaselineOfVersion1HoldsWhatItDidAndNoConnection()
    {
        Assert.That(_record.ExitCode, Is.EqualTo(0), _record.Error);
        var lines = _baseline.Split('\n');
        Assert.That(lines, Does.Contain("[run]").And.Contain("exec /app/Greeter").And.Contain("write /tmp/greeting.txt"));
        Assert.That(_baseline, Does.Not.Contain("example.com"));
    }

    [TestCase("file")]
    [TestCase("revision")]
    public void TheDriftIsTheNewConnectionAndNothingElse(string against)
    {
        var run = against == "file" ? _fromFile : _fromRevision;
        var scenario = run.Scenario("greeter");
        var findings = scenario.GetProperty("findings").EnumerateArray().ToList();
        var described = string.Join("\n", findings.Select(f => f.GetProperty("message").GetString()));

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("findings"));
        Assert.That(findings.Select(f => f.GetProperty("rule").GetString()), Is.All.EqualTo("baseline-new-behaviour"), described);
        Assert.That(findings.Select(f => f.GetProperty("message").GetString()), Is.All.Contain("updates.example.com"), described);
        var connect = findings.Single(f => f.GetProperty("message").GetString()!.Contains("connected to updates.example.com:80", StringComparison.Ordinal));
        Assert.That(connect.GetProperty("severity").GetString(), Is.EqualTo("high"));
        Assert.That(connect.GetProperty("phase").GetString(), Is.EqualTo("run"));
        Assert.That(connect.GetProperty("message").GetString(), Does.EndWith("under rule unexpected-connect"));
        var evidence = connect.GetProperty("evidence").EnumerateArray().Single();
        Assert.That(evidence.GetProperty("operation").GetString(), Is.EqualTo("connect"));
        Assert.That(evidence.GetProperty("port").GetInt32(), Is.EqualTo(80));
        Assert.That(evidence.GetProperty("process").GetString(), Is.EqualTo("/app/Greeter"));
        Assert.That(scenario.GetProperty("driftFrom").GetString(),
            against == "file" ? Is.EqualTo(_repository.BaselineFile) : Does.Match(@"^git revision HEAD~1 \([0-9a-f]{12}\)$"));
        Assert.That(run.Output, Does.Contain("drift from "));
    }

    [Test]
    public void BaselineFromARevisionLeavesNoCheckoutBehind()
    {
        Assert.That(ScratchFolders().Except(_scratchBefore), Is.Empty, "a scratch folder of the checkout is left");
        Assert.That(Directory.Exists(Path.Combine(_repository.Root, ".git", "worktrees")), Is.False);
        Assert.That(_repository.Git("status", "--porcelain", "--untracked-files=no"), Is.Empty, "the repository's own tree was touched");
    }

    private static string[] ScratchFolders() =>
        Directory.Exists("/tmp/sysimage") ? Directory.GetFileSystemEntries("/tmp/sysimage", "*rev-*") : [];
}
