using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Core.Tests.Reports;

/// <summary>The console's "more" line and the JSON agree: every occurrence is an entry, a repeat or counted as left out.</summary>
public sealed class EvidenceCountTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void RepeatsAndLeftOutOccurrencesAreInTheJsonAndTheConsoleSaysSo()
    {
        var repeated = new FileEvent(T0, 7, "/app/X", FileOperation.Read, "/etc/passwd", 3) { Repeats = 412 };
        var others = Enumerable.Range(0, 4).Select(i => (ProbeEvent)new FileEvent(T0, 8 + i, "/app/X", FileOperation.Read, "/etc/passwd", 3));
        var finding = new Finding("unexpected-file-read", Severity.Low, Phase.Run, "read /etc/passwd", [repeated, .. others], 430) { EvidenceOmitted = 14 };
        var result = new ScenarioResult("s", "/s/s.yaml", Verdict.Findings, [finding], [], [], [new PhaseSummary(Phase.Run, 430, MonitorHealth.Healthy)], TimeSpan.FromSeconds(1));
        var report = new RunReport([result], Severity.Low, T0, T0);

        using var json = JsonDocument.Parse(JsonReportWriter.Serialize(report));
        var item = json.RootElement.GetProperty("scenarios")[0].GetProperty("findings")[0];
        var output = new StringWriter();
        new ConsoleReportWriter(output).WriteScenario(result, report);

        Assert.That(item.GetProperty("evidence")[0].GetProperty("repeats").GetInt32(), Is.EqualTo(412));
        Assert.That(item.GetProperty("evidence")[1].TryGetProperty("repeats", out _), Is.False);
        Assert.That(item.GetProperty("evidenceOmitted").GetInt32(), Is.EqualTo(14));
        var accounted = item.GetProperty("evidence").EnumerateArray().Sum(e => e.TryGetProperty("repeats", out var n) ? n.GetInt32() : 1) + 14;
        Assert.That(accounted, Is.EqualTo(item.GetProperty("occurrences").GetInt32()));
        var lines = output.ToString().Split('\n');
        Assert.That(lines, Has.Some.Match(@"read /etc/passwd \[O_RDONLY\] \(412 times\)$"));
        Assert.That(lines, Has.Some.Match(@"^ +… 2 more in the JSON report; 14 more occurrence\(s\) counted but not kept \(evidence keeps 100 distinct actions\)$"));
    }

    [Test]
    public void NoMoreLineWhenEveryEntryIsShown()
    {
        var repeated = new FileEvent(T0, 7, "/app/X", FileOperation.Read, "/etc/passwd", 3) { Repeats = 9 };
        var finding = new Finding("unexpected-file-read", Severity.Low, Phase.Run, "read /etc/passwd", [repeated], 9);
        var result = new ScenarioResult("s", "/s/s.yaml", Verdict.Findings, [finding], [], [], [new PhaseSummary(Phase.Run, 9, MonitorHealth.Healthy)], TimeSpan.FromSeconds(1));
        var output = new StringWriter();

        new ConsoleReportWriter(output).WriteScenario(result, new RunReport([result], Severity.Low, T0, T0));

        Assert.That(output.ToString(), Does.Not.Contain("more"));
    }
}
