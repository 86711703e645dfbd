using System.Text.Json;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// The example scenarios, end to end: real MSBuild evaluation, the sandboxed build, the locked-down run and the
/// kernel monitor. Benign samples must come out clean; malicious ones must be caught with the right evidence.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ExampleScenariosTests
{
    private CliRun _run = null!;

    [OneTimeSetUp]
    public async Task RunAllExamples()
    {
        _run = await CliRun.ExecuteAsync("run", RepositoryPaths.Examples);
        TestContext.Progress.WriteLine(_run.Output);
        TestContext.Progress.WriteLine(_run.Error);
        await OpenTheHtmlReportAsync();
    }

    [OneTimeTearDown]
    public void DisposeReport() => _run.Report?.Dispose();

    [Test]
    public void MaliciousExamplesFailTheRunWithExitCode1()
    {
        Assert.That(_run.ExitCode, Is.EqualTo(1), _run.Error);
    }

    [TestCase("hello-console")]
    [TestCase("file-processor")]
    [TestCase("config-summary")]
    [TestCase("loopback-service")]
    public void BenignProgramsComeOutClean(string name)
    {
        var scenario = _run.Scenario(name);

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("clean"), Findings(scenario));
        Assert.That(scenario.GetProperty("steps").EnumerateArray().All(s => s.GetProperty("succeeded").GetBoolean()), Is.True);
        Assert.That(scenario.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("phase").GetString()), Is.EquivalentTo(new[] { "build", "run" }));
    }

    [Test]
    public void HiddenShellCommandIsCaughtWithItsDecodedArgv()
    {
        var finding = FindingOf("shell-dropper", "shell-spawned");

        var exec = Evidence(finding).First(e => e.GetProperty("type").GetString() == "exec");
        Assert.That(exec.GetProperty("path").GetString(), Is.EqualTo("/bin/sh"));
        Assert.That(exec.GetProperty("argv").EnumerateArray().Select(a => a.GetString()),
            Is.EqualTo(new[] { "/bin/sh", "-c", "id > /tmp/.cache-id; uname -a >> /tmp/.cache-id" }));
        Assert.That(exec.GetProperty("process").GetString(), Is.EqualTo("/app/ShellDropper"));
    }

    [Test]
    public void RawConnectIsCaughtWithTheAddressAndTheErrorTheProgramGot()
    {
        var finding = FindingOf("raw-connect", "unexpected-connect");

        var connect = Evidence(finding).Single(e => e.GetProperty("endpoint").GetString() == "203.0.113.7:4444");
        Assert.That(connect.GetProperty("operation").GetString(), Is.EqualTo("connect"));
        Assert.That(connect.GetProperty("error").GetString(), Is.EqualTo("ENETUNREACH"));
        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("high"));
    }

    [Test]
    public void AppendingToBashrcIsCaughtAsPersistence()
    {
        var finding = FindingOf("bashrc-persistence", "persistence-write");

        var write = Evidence(finding).First();
        Assert.That(write.GetProperty("path").GetString(), Is.EqualTo("/home/probe/.bashrc"));
        Assert.That(write.GetProperty("flagNames").GetString(), Does.StartWith("O_WRONLY"));
        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("critical"));
    }

    [Test]
    public void WipingTheHomeFolderIsCaughtWithTheDeletedFiles()
    {
        var scenario = _run.Scenario("home-wiper");
        var deleted = scenario.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "home-data-destroyed")
            .SelectMany(Evidence)
            .Select(e => e.GetProperty("path").GetString())
            .ToList();

        Assert.That(deleted, Does.Contain("/home/probe/.bashrc").And.Contain("/home/probe/Documents/notes.txt").And.Contain("/home/probe/Documents"), Findings(scenario));
    }

    [Test]
    public void BuildTimeAttackIsCaughtInTheBuildPhaseAndNeverRanOnTheHost()
    {
        var scenario = _run.Scenario("build-time-attack");
        var buildFindings = scenario.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("phase").GetString() == "build")
            .ToList();

        Assert.That(buildFindings.Select(f => f.GetProperty("rule").GetString()),
            Does.Contain("shell-spawned").And.Contain("credential-read"), Findings(scenario));
        var marker = buildFindings.SelectMany(Evidence)
            .Where(e => e.TryGetProperty("path", out var path) && path.GetString() == "/home/probe/.dynamicprobe-build-attack-ran");
        Assert.That(marker, Is.Not.Empty, "the build's marker write is in the build recording");
        var hostMarker = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dynamicprobe-build-attack-ran");
        Assert.That(File.Exists(hostMarker), Is.False, "the target's build ran on the host");
        Assert.That(scenario.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("phase").GetString() == "run"), Is.Empty, Findings(scenario));
    }

    [Test]
    public void BindShellIsCaughtListeningOnItsPort()
    {
        var finding = FindingOf("bind-shell", "unexpected-listen");

        Assert.That(finding.GetProperty("message").GetString(), Does.Contain("0.0.0.0:4444"));
        Assert.That(Evidence(finding).Select(e => e.GetProperty("operation").GetString()), Does.Contain("listen"));
    }

    [Test]
    public void CredentialsPostedOverHttpAreCaughtWithTheDestinationAndTheCanary()
    {
        var finding = FindingOf("credential-uploader", "honeytoken-exfiltration");

        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("critical"));
        Assert.That(finding.GetProperty("message").GetString(), Does.Contain("AWS").And.Contain("telemetry.example.net"));
        var capture = Evidence(finding).First(e => e.GetProperty("type").GetString() == "capture");
        Assert.That(capture.GetProperty("dnsName").GetString(), Is.EqualTo("telemetry.example.net"));
        Assert.That(capture.GetProperty("process").GetString(), Is.EqualTo("/app/CredentialUploader"));
        Assert.That(Rules("credential-uploader"), Does.Contain("honeytoken-read").And.Contain("unexpected-dns"));
    }

    [Test]
    public void SecretsTunnelledThroughDnsLabelsAreCaught()
    {
        var finding = FindingOf("dns-tunnel", "honeytoken-exfiltration");

        Assert.That(finding.GetProperty("message").GetString(), Does.Contain("hex").And.Contain("exfil.example.org"));
        Assert.That(Evidence(finding).Select(e => e.GetProperty("type").GetString()), Is.All.EqualTo("dns"));
    }

    [Test]
    public void TokenBeaconedOverUdpFromAnExitHandlerIsCaught()
    {
        var finding = FindingOf("exit-beacon", "honeytoken-exfiltration");

        Assert.That(finding.GetProperty("message").GetString(), Does.Contain("GITHUB_TOKEN").And.Contain("198.51.100.23:5353").And.Contain("UDP"));
    }

    [Test]
    public void DownloadedSecondStageIsCaughtBeingFetchedAndRun()
    {
        var shell = FindingOf("second-stage", "shell-spawned");
        var exec = Evidence(shell).First();
        Assert.That(exec.GetProperty("argv").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "/bin/sh", "/tmp/update.sh" }));

        var connect = FindingOf("second-stage", "unexpected-connect");
        Assert.That(connect.GetProperty("message").GetString(), Does.StartWith("connected to cdn.example.com:80 (198.1"));
        Assert.That(Rules("second-stage"), Does.Contain("unexpected-dns"));
    }

    private List<string?> Rules(string scenarioName) =>
        [.. _run.Scenario(scenarioName).GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString())];

    private JsonElement FindingOf(string scenarioName, string rule)
    {
        var scenario = _run.Scenario(scenarioName);
        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("findings"), Findings(scenario));
        var matches = scenario.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == rule).ToList();
        Assert.That(matches, Is.Not.Empty, Findings(scenario));
        return matches[0];
    }

    private static IEnumerable<JsonElement> Evidence(JsonElement finding) => finding.GetProperty("evidence").EnumerateArray();

    private static string Findings(JsonElement scenario) => scenario.ToString();
}
