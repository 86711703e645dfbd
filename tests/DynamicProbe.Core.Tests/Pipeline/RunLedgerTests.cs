using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Pipeline;

/// <summary>An interrupted run reports its finished scenarios as they came out and the others as interrupted, by the one exit-code rule.</summary>
public sealed class RunLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void FinishedScenariosKeepTheirResultsAndTheOthersAreInconclusiveAndMarkedInterrupted()
    {
        var ledger = new RunLedger([Scenario("quick"), Scenario("slow"), Scenario("later")]);
        ledger.Started(0);
        ledger.Finished(0, Result("quick", Verdict.Clean));
        ledger.Started(1);

        var results = ledger.ResultsInterruptedBy("SIGTERM");

        Assert.That(results.Select(r => (r.Name, r.Verdict, r.Interrupted)), Is.EqualTo(new[]
        {
            ("quick", Verdict.Clean, false),
            ("slow", Verdict.Inconclusive, true),
            ("later", Verdict.Inconclusive, true),
        }));
        Assert.That(results[1].Problems.Single(), Does.StartWith("interrupted by SIGTERM before it finished"));
        Assert.That(results[2].Problems.Single(), Does.StartWith("interrupted by SIGTERM before it started"));
        Assert.That(results[1].File, Is.EqualTo("/s/slow.yaml"));
    }

    [Test]
    public void ARunThatWasNotInterruptedReportsItsFinishedScenariosOnly()
    {
        var ledger = new RunLedger([Scenario("a"), Scenario("b")]);
        ledger.Finished(1, Result("b", Verdict.Findings));

        Assert.That(ledger.Results().Select(r => r.Name), Is.EqualTo(new[] { "b" }));
    }

    [TestCase(Verdict.Clean, ExitCode.Inconclusive)]
    [TestCase(Verdict.Findings, ExitCode.Findings)]
    [TestCase(Verdict.Error, ExitCode.UserError)]
    public void TheExitCodeOfAnInterruptedRunFollowsTheOneRule(Verdict finished, ExitCode expected)
    {
        var ledger = new RunLedger([Scenario("done"), Scenario("cut")]);
        var findings = finished == Verdict.Findings ? [new Finding("unexpected-exec", Severity.High, Phase.Run, "ran sh", [], 1)] : Array.Empty<Finding>();
        ledger.Finished(0, Result("done", finished) with { Findings = findings });

        var report = new RunReport(ledger.ResultsInterruptedBy("SIGINT"), Severity.Low, T0, T0);

        Assert.That(report.ExitCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task TheJsonMarksOnlyTheInterruptedScenarioAndReadsItBack()
    {
        var ledger = new RunLedger([Scenario("quick"), Scenario("slow")]);
        ledger.Finished(0, Result("quick", Verdict.Clean));
        var written = JsonReportWriter.Serialize(new RunReport(ledger.ResultsInterruptedBy("SIGTERM"), Severity.Low, T0, T0));

        using var json = JsonDocument.Parse(written);
        var scenarios = json.RootElement.GetProperty("scenarios");
        var document = await JsonReportReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(written)), "r.json", CancellationToken.None);

        Assert.That(scenarios[0].TryGetProperty("interrupted", out _), Is.False, "a finished scenario has no interrupted field");
        Assert.That(scenarios[1].GetProperty("interrupted").GetBoolean(), Is.True);
        Assert.That(scenarios[1].GetProperty("verdict").GetString(), Is.EqualTo("inconclusive"));
        Assert.That(json.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(3));
        Assert.That(document.Scenarios.Select(s => s.Interrupted), Is.EqualTo(new[] { false, true }));
    }

    private static Scenario Scenario(string name) => new(
        name,
        null,
        $"/s/{name}.yaml",
        new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/bin/true"], null),
        new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, false),
        [],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));

    private static ScenarioResult Result(string name, Verdict verdict) =>
        new(name, $"/s/{name}.yaml", verdict, [], [], verdict == Verdict.Error ? ["the build failed"] : [], [], TimeSpan.FromSeconds(1));
}
