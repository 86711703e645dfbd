using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Core.Tests.Rules;

/// <summary>The technique and the silenced findings, as the console and the JSON report show them.</summary>
public sealed class RuleReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly FileEvent KeyRead = new(T0, 7, "/app/X", FileOperation.Read, "/home/probe/.ssh/id_rsa", 3);

    private static readonly Finding CredentialRead =
        new("credential-read", Severity.High, Phase.Build, "read credentials: /home/probe/.ssh/id_rsa", [KeyRead], 1) { Technique = "T1552.004" };

    private static readonly SilencedFinding ShellAllowed = new(
        new Finding("shell-spawned", Severity.High, Phase.Run, "started a shell: /bin/sh -c id", [], 2) { Technique = "T1059.004", Variant = "default" },
        "allow_rules: shell-spawned at /s/x.yaml:14:5");

    private static readonly ScenarioResult Result = new("x", "/s/x.yaml", Verdict.Findings, [CredentialRead, new Finding("step-failed", Severity.High, Phase.Run, "failed", [], 1)], [], [], [], TimeSpan.FromSeconds(1))
    {
        Silenced = [ShellAllowed],
    };

    [Test]
    public void The_console_names_the_technique_after_the_rule_and_lists_each_silenced_finding()
    {
        var output = new StringWriter();

        new ConsoleReportWriter(output).WriteScenario(Result, new RunReport([Result], Severity.Low, T0, T0));

        var lines = output.ToString().Split('\n');
        Assert.That(lines, Has.Some.Match(@"^  ! HIGH +build credential-read T1552\.004: read credentials: /home/probe/\.ssh/id_rsa$"));
        Assert.That(lines, Has.Some.Match(@"^  ! HIGH +run +step-failed: failed$"));
        Assert.That(lines, Has.Some.EqualTo(
            "    silenced: high run shell-spawned T1059.004: started a shell: /bin/sh -c id (2x), by allow_rules: shell-spawned at /s/x.yaml:14:5"));
    }

    [Test]
    public void The_json_report_has_the_technique_and_the_silenced_findings_with_their_reason()
    {
        var report = new RunReport([Result], Severity.Low, T0, T0);

        using var json = JsonDocument.Parse(JsonReportWriter.Serialize(report));

        var scenario = json.RootElement.GetProperty("scenarios")[0];
        var findings = scenario.GetProperty("findings");
        Assert.That(findings[0].GetProperty("technique").GetString(), Is.EqualTo("T1552.004"));
        Assert.That(findings[1].TryGetProperty("technique", out _), Is.False);
        var silenced = scenario.GetProperty("silenced")[0];
        Assert.That(silenced.GetProperty("rule").GetString(), Is.EqualTo("shell-spawned"));
        Assert.That(silenced.GetProperty("technique").GetString(), Is.EqualTo("T1059.004"));
        Assert.That(silenced.GetProperty("phase").GetString(), Is.EqualTo("run"));
        Assert.That(silenced.GetProperty("reason").GetString(), Is.EqualTo("allow_rules: shell-spawned at /s/x.yaml:14:5"));
        Assert.That(silenced.GetProperty("occurrences").GetInt32(), Is.EqualTo(2));
        Assert.That(report.ExitCode, Is.EqualTo(ExitCode.Findings));
    }
}
