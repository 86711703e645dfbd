using System.Text.Json;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Reports;

public sealed class LosslessJsonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly string ByteName = "/tmp/name" + LosslessText.Decode([0xff]);
    private const string TextName = @"/tmp/name\xff";

    [Test]
    public void AByteNameAndATextNameAreTwoFindingsAndTwoStringsAfterParsing()
    {
        var findings = new BehaviourAnalyzer(RuleBook.BuiltIn()).Analyze(
            new PhaseRecording(Phase.Run, [Write(ByteName), Write(TextName)], MonitorHealth.Healthy), Expectations.Empty);
        var json = Serialize(findings);

        using var document = JsonDocument.Parse(json);
        var paths = document.RootElement.GetProperty("scenarios")[0].GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("evidence")[0].GetProperty("path").Deserialize<string>(JsonReportWriter.Options))
            .ToList();

        Assert.That(findings, Has.Count.EqualTo(2));
        Assert.That(paths, Is.EquivalentTo(new[] { ByteName, TextName }));
        Assert.That(json, Does.Contain("\"/tmp/name\\udcff\"").And.Contain("\"/tmp/name\\\\xff\""));
    }

    [Test]
    public void AStringWithAnEscapedByteKeepsEveryOtherCharacterToo()
    {
        var path = "/tmp/\"q\"\\\n\u202e日本😀" + LosslessText.Decode([0x80, 0xfe]) + "\ud800";
        var original = new FileEvent(T0, 3, "/app/X", FileOperation.Write, path, 0, SecondPath: "/tmp/plain");

        var text = JsonSerializer.Serialize<ProbeEvent>(original, JsonReportWriter.Options);
        var copy = JsonSerializer.Deserialize<ProbeEvent>(text, JsonReportWriter.Options);

        Assert.That(copy, Is.EqualTo(original));
        Assert.That(text.All(char.IsAscii), Is.True, text);
    }

    [Test]
    public void AStringWithoutEscapedBytesIsWrittenAsBefore()
    {
        var text = JsonSerializer.Serialize("a\u202e\n\"b\"", JsonReportWriter.Options);

        Assert.That(text, Is.EqualTo(JsonSerializer.Serialize("a\u202e\n\"b\"", new JsonSerializerOptions(JsonSerializerDefaults.Web))));
        Assert.That(text, Does.Not.Contain("\u202e"));
    }

    [Test]
    public void TheReportIsAsciiWithTheByteEscapedInEveryField()
    {
        var json = Serialize([new Finding("rule", Severity.Low, Phase.Run, "wrote " + ByteName, [Write(ByteName)], 1)]);

        Assert.That(json.All(char.IsAscii), Is.True, "no raw surrogate, nothing to be replaced by U+FFFD when written as UTF-8");
        Assert.That(json, Does.Contain("\"message\": \"wrote /tmp/name\\udcff\""));
    }

    private static FileEvent Write(string path) =>
        new(T0, 7, "/bin/sh", FileOperation.Write, path, 3, OpenFlags.WriteOnly | OpenFlags.Create);

    private static string Serialize(IReadOnlyList<Finding> findings)
    {
        var result = new ScenarioResult("s", "/s/s.yaml", Verdict.Findings, findings, [], [], [new PhaseSummary(Phase.Run, 2, MonitorHealth.Healthy)], TimeSpan.FromSeconds(1));
        return JsonReportWriter.Serialize(new RunReport([result], Severity.Low, T0, T0));
    }
}
