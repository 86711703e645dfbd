using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Timing;

namespace DynamicProbe.Core.Tests.Reports;

public sealed class JsonReportReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task AReportReadBackIsWrittenAgainByteForByte()
    {
        var evidence = new ProbeEvent[]
        {
            new ProcessExecEvent(T0, 7, "/bin/sh", 1, "/usr/bin/curl", ["curl", "http://203.0.113.9/x"], 0) { Step = new StepRef(0, "run", 12) },
            new FileEvent(T0.AddSeconds(1), 7, "/usr/bin/curl", FileOperation.Read, "/home/probe/.ssh/id_rsa" + LosslessText.Decode([0xff]), 3) { Repeats = 4 },
            new SinkholeCaptureEvent(T0.AddSeconds(2), 7, "/usr/bin/curl", "tcp", "203.0.113.9", 80, "evil.example.com", null, "R0VU", 3),
        };
        var finding = new Finding("credential-read", Severity.High, Phase.Run, "read a credential", evidence, 6)
        {
            Steps = [new StepRef(0, "run", 12)],
            Variant = "default",
            Technique = "T1552.004",
        };
        var result = new ScenarioResult(
            "steals", "scenarios/steals.yaml", Verdict.Findings, [finding], [], ["a problem"],
            [new PhaseSummary(Phase.Run, 42, MonitorHealth.Healthy) { Variant = "default", Timings = PhaseTimings.None }],
            TimeSpan.FromSeconds(3))
        {
            DriftFrom = "steals.baseline",
        };
        var written = JsonReportWriter.Serialize(new RunReport([result], Severity.Medium, T0, T0.AddSeconds(5)));

        var document = await JsonReportReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(written)), "r.json", CancellationToken.None);

        Assert.That(JsonSerializer.Serialize(document, JsonReportWriter.Options), Is.EqualTo(written));
        Assert.That(document.Scenarios[0].Findings[0].Evidence[1], Is.EqualTo(evidence[1]));
    }

    [Test]
    public void AFileThatIsNotAReportIsAUserErrorNamingIt()
    {
        var error = Assert.ThrowsAsync<UserErrorException>(() =>
            JsonReportReader.ReadAsync(new MemoryStream("{\"formatVersion\": 1,\n \"scenarios\": 7}"u8.ToArray()), "shard-2.json", CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("shard-2.json:2").And.Contain("dynamicprobe run --json"));
    }

    [Test]
    public void AnotherFormatVersionIsRefusedWithWhatToDo()
    {
        var error = Assert.ThrowsAsync<UserErrorException>(() =>
            JsonReportReader.ReadAsync(new MemoryStream("{\"formatVersion\": 99, \"scenarios\": []}"u8.ToArray()), "old.json", CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("format 99").And.Contain("rerun"));
    }
}
