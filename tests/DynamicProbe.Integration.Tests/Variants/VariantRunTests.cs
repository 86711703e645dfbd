using System.Text.Json;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Variants;

/// <summary>
/// <c>variants</c> end to end with a hostname-keyed backdoor in a shell: real Docker, the real monitor. The
/// backdoor must show as trigger-dependent under the variant that sets the production hostname, and a variant that
/// changes nothing the program looks at must not drift from the default run, though pids and canaries differ.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class VariantRunTests
{
    private DirectoryInfo _folder = null!;
    private CliRun _run = null!;

    [OneTimeSetUp]
    public async Task RunTheScenario()
    {
        _folder = Directory.CreateTempSubdirectory("dynamicprobe-variants-test-");
        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "keyed.yaml"), """
            version: 1
            name: hostname-keyed
            target:
              command: ["sh", "-c", "if [ \"$(cat /etc/hostname)\" = db-master-01 ]; then cat \"$HOME/.aws/credentials\" > /dev/null; fi; ls /tmp > /dev/null; echo done"]
            sandbox:
              network: none
            steps:
              - run: { expect_exit: 0, stdout_contains: "done" }
            variants:
              - name: looks-like-prod
                hostname: db-master-01
              - name: fewer-pids
                pids: 100
            """);
        _run = await CliRun.ExecuteAsync("run", _folder.FullName, "--parallel", "2");
        TestContext.Progress.WriteLine(_run.Output);
        TestContext.Progress.WriteLine(_run.Error);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        _run.Report?.Dispose();
        _folder.Delete(recursive: true);
    }

    [Test]
    public void TheBackdoorIsTriggerDependentUnderTheProductionHostname()
    {
        var drift = TriggerDependent().ToList();

        Assert.That(drift, Is.Not.Empty, _run.Output);
        Assert.That(drift.Select(f => f.GetProperty("variant").GetString()), Is.All.EqualTo("looks-like-prod"), _run.Output);
        var read = drift.Single(f => f.GetProperty("message").GetString()!.StartsWith("read /home/probe/.aws/credentials", StringComparison.Ordinal));
        Assert.That(read.GetProperty("message").GetString(), Does.Contain("(credential-read) only under variant looks-like-prod (hostname db-master-01), never under default")
            .And.Contain("variant fewer-pids (pids 100)"), _run.Scenario("hostname-keyed").GetProperty("problems").ToString());
        Assert.That(read.GetProperty("severity").GetString(), Is.EqualTo("high"));
    }

    [Test]
    public void EachRunIsAnalysedOnItsOwnAndNamed()
    {
        var scenario = _run.Scenario("hostname-keyed");
        var findings = scenario.GetProperty("findings").EnumerateArray().ToList();

        Assert.That(findings.Where(f => f.GetProperty("rule").GetString() == "honeytoken-read").Select(f => f.GetProperty("variant").GetString()),
            Is.EqualTo(new[] { "looks-like-prod" }), _run.Output);
        Assert.That(findings.Where(f => f.GetProperty("rule").GetString() == "shell-spawned").Select(f => f.GetProperty("variant").GetString()),
            Is.EquivalentTo(new[] { "default", "looks-like-prod", "fewer-pids" }), "the same shell in every run");
        Assert.That(scenario.GetProperty("phases").EnumerateArray().Where(p => p.GetProperty("phase").GetString() == "run").Select(p => p.GetProperty("complete").GetBoolean()),
            Is.EqualTo(new[] { true, true, true }), scenario.GetProperty("problems").ToString());
    }

    private IEnumerable<JsonElement> TriggerDependent() =>
        _run.Scenario("hostname-keyed").GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "trigger-dependent");
}
