using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Reports;

public sealed class RunReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [TestCase(Severity.Low, Severity.Medium, ExitCode.Findings)]
    [TestCase(Severity.High, Severity.Medium, ExitCode.Clean)]
    [TestCase(Severity.Critical, Severity.Critical, ExitCode.Findings)]
    public void FailOnDecidesWhetherAFindingFailsTheRun(Severity failOn, Severity found, ExitCode expected)
    {
        var report = Report(failOn, Result(Verdict.Findings, Finding(found)));

        Assert.That(report.ExitCode, Is.EqualTo(expected));
    }

    [Test]
    public void InfoNotesNeverFail()
    {
        Assert.That(Report(Severity.Low, Result(Verdict.Clean, Finding(Severity.Info))).ExitCode, Is.EqualTo(ExitCode.Clean));
    }

    [Test]
    public void ErrorBeatsFindingsWhichBeatInconclusive()
    {
        var error = Result(Verdict.Error);
        var findings = Result(Verdict.Findings, Finding(Severity.High));
        var inconclusive = Result(Verdict.Inconclusive);

        Assert.That(Report(Severity.Low, inconclusive, findings, error).ExitCode, Is.EqualTo(ExitCode.UserError));
        Assert.That(Report(Severity.Low, inconclusive, findings).ExitCode, Is.EqualTo(ExitCode.Findings));
        Assert.That(Report(Severity.Low, inconclusive, Result(Verdict.Clean)).ExitCode, Is.EqualTo(ExitCode.Inconclusive));
    }

    [Test]
    public void FindingsBelowTheThresholdInAnIncompleteRecordingAreInconclusive()
    {
        var incomplete = Result(Verdict.Findings, Finding(Severity.Low)) with
        {
            Phases = [new PhaseSummary(Phase.Run, 3, new MonitorHealth(LostEvents: 1))],
        };

        Assert.That(Report(Severity.High, incomplete).ExitCode, Is.EqualTo(ExitCode.Inconclusive));
    }

    [Test]
    public void JsonReportHasTheContractFieldsAndTypedEvidence()
    {
        var exec = new ProcessExecEvent(T0, 7, "/app/X", 1, "/bin/sh", ["/bin/sh", "-c", "id\n\"x\""], 0);
        var connect = new NetworkEvent(T0, 7, "/app/X", NetworkOperation.Connect, AddressFamily.Inet, "203.0.113.7", 4444, -101);
        var finding = new Finding("shell-spawned", Severity.High, Phase.Run, "started a shell", [exec, connect], 2);
        var report = Report(Severity.Low, Result(Verdict.Findings, finding));

        using var json = JsonDocument.Parse(JsonReportWriter.Serialize(report));

        var scenario = json.RootElement.GetProperty("scenarios")[0];
        Assert.That(json.RootElement.GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
        Assert.That(scenario.GetProperty("name").GetString(), Is.EqualTo("s"));
        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("findings"));
        var item = scenario.GetProperty("findings")[0];
        Assert.That(item.GetProperty("rule").GetString(), Is.EqualTo("shell-spawned"));
        Assert.That(item.GetProperty("severity").GetString(), Is.EqualTo("high"));
        Assert.That(item.GetProperty("phase").GetString(), Is.EqualTo("run"));
        Assert.That(item.GetProperty("message").GetString(), Is.EqualTo("started a shell"));
        var evidence = item.GetProperty("evidence");
        Assert.That(evidence[0].GetProperty("type").GetString(), Is.EqualTo("exec"));
        Assert.That(evidence[0].GetProperty("argv")[2].GetString(), Is.EqualTo("id\n\"x\""));
        Assert.That(evidence[1].GetProperty("type").GetString(), Is.EqualTo("network"));
        Assert.That(evidence[1].GetProperty("endpoint").GetString(), Is.EqualTo("203.0.113.7:4444"));
        Assert.That(evidence[1].GetProperty("error").GetString(), Is.EqualTo("ENETUNREACH"));
    }

    [Test]
    public void JsonReportNamesTheRunOfEveryFindingAndPhaseAndListsTheVariants()
    {
        var step = new StepOutcome(new RunStep(new SourceLocation("/s/s.yaml", 9, 5), 0, null, null), true, "exited 0", 0, "utc: 2032-06-01T00:00:03Z\n");
        var result = Result(Verdict.Findings, Finding(Severity.High) with { Variant = "next-year" }) with
        {
            Phases = [new PhaseSummary(Phase.Build, 9, MonitorHealth.Healthy), new PhaseSummary(Phase.Run, 5, MonitorHealth.Healthy) { Variant = "default" }],
            Variants = [new VariantSummary("next-year", "clock 2032-06-01T00:00:00Z", [step])],
        };

        using var json = JsonDocument.Parse(JsonReportWriter.Serialize(Report(Severity.Low, result)));

        var scenario = json.RootElement.GetProperty("scenarios")[0];
        Assert.That(scenario.GetProperty("findings")[0].GetProperty("variant").GetString(), Is.EqualTo("next-year"));
        Assert.That(scenario.GetProperty("phases")[0].TryGetProperty("variant", out _), Is.False, "the build belongs to no run");
        Assert.That(scenario.GetProperty("phases")[1].GetProperty("variant").GetString(), Is.EqualTo("default"));
        var variant = scenario.GetProperty("variants")[0];
        Assert.That(variant.GetProperty("name").GetString(), Is.EqualTo("next-year"));
        Assert.That(variant.GetProperty("trigger").GetString(), Is.EqualTo("clock 2032-06-01T00:00:00Z"));
        Assert.That(variant.GetProperty("steps")[0].GetProperty("stdout").GetString(), Is.EqualTo("utc: 2032-06-01T00:00:03Z\n"));
    }

    [Test]
    public void EvidenceRoundTripsThroughJson()
    {
        ProbeEvent original = new FileEvent(T0, 3, "/app/X", FileOperation.Rename, "/tmp/a", 0, SecondPath: "/tmp/b", PathTruncated: true);

        var copy = JsonSerializer.Deserialize<ProbeEvent>(JsonSerializer.Serialize(original, JsonReportWriter.Options), JsonReportWriter.Options);

        Assert.That(copy, Is.EqualTo(original));
    }

    private static RunReport Report(Severity failOn, params ScenarioResult[] results) => new(results, failOn, T0, T0.AddSeconds(3));

    private static ScenarioResult Result(Verdict verdict, params Finding[] findings) =>
        new("s", "/s/s.yaml", verdict, findings, [], [], [new PhaseSummary(Phase.Run, 1, MonitorHealth.Healthy)], TimeSpan.FromSeconds(1));

    private static Finding Finding(Severity severity) => new("rule", severity, Phase.Run, "m", [], 1);
}
