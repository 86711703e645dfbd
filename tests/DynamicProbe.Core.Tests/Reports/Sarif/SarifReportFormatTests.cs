using System.Text.Json.Nodes;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Core.Reports.Sarif;
using DynamicProbe.Tests.Shared.ReportValidation;

namespace DynamicProbe.Core.Tests.Reports.Sarif;

public sealed class SarifReportFormatTests
{
    private const string Root = "/work/repository";

    private static readonly SarifReportFormat Format = new(RuleBook.BuiltIn(), Root);

    [TestCaseSource(typeof(RichReports), nameof(RichReports.All))]
    public async Task TheSarifOfEveryKindOfReportPassesTheSarifMultitoolWithGitHubsRules(ReportDocument document)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dynamicprobe-test-{Guid.NewGuid():N}.sarif");
        try
        {
            await using (var file = File.Create(path))
            {
                await Format.WriteAsync(document, file, CancellationToken.None);
            }

            await SarifValidator.AssertValidAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task TheValidatorRejectsAResultGitHubCouldNotPlace()
    {
        var log = Format.Render(RichReports.Document(Severity.Medium, RichReports.Everything()));
        log["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!.AsObject().Remove("region");
        log["runs"]![0]!["results"]![1]!.AsObject().Remove("locations");
        var path = Path.Combine(Path.GetTempPath(), $"dynamicprobe-test-{Guid.NewGuid():N}.sarif");
        try
        {
            await File.WriteAllTextAsync(path, log.ToJsonString());

            var problems = await SarifValidator.ProblemsAsync(path);

            Assert.That(problems, Has.Some.Contains("warning SARIF2017: runs[0].results[0]").And.Some.Contains("error GH1015: runs[0].results[1]"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void AFindingIsAResultAtItsScenarioFileAndStepLineRelativeToTheSourceRoot()
    {
        var result = Results(RichReports.Document(Severity.Medium, RichReports.Everything())).First(r => (string?)r["ruleId"] == "credential-read");

        var physical = result["locations"]![0]!["physicalLocation"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)physical["artifactLocation"]!["uri"], Is.EqualTo("scenarios/samples/everything.yaml"));
            Assert.That((string?)physical["artifactLocation"]!["uriBaseId"], Is.EqualTo("%SRCROOT%"));
            Assert.That((int?)physical["region"]!["startLine"], Is.EqualTo(14));
            Assert.That((string?)result["level"], Is.EqualTo("error"), "high fails a run under --fail-on medium");
            Assert.That((string?)result["taxa"]![0]!["id"], Is.EqualTo("T1552.004"));
            Assert.That((string?)result["message"]!["text"], Does.Contain("(default), run phase: read credentials: /home/probe/.ssh/id_rsa\\xff"));
        });
    }

    [Test]
    public void ResultsPointAtTheirRuleAndTheRuleTellsWhatToDo()
    {
        var log = Format.Render(RichReports.Document(Severity.Medium, RichReports.Everything()));
        var rules = log["runs"]![0]!["tool"]!["driver"]!["rules"]!.AsArray();

        foreach (var result in log["runs"]![0]!["results"]!.AsArray())
        {
            var rule = rules[(int)result!["ruleIndex"]!]!;
            Assert.That((string?)rule["id"], Is.EqualTo((string?)result["ruleId"]));
        }

        var credentials = rules.Single(r => (string?)r!["id"] == "credential-read")!;
        var download = rules.Single(r => (string?)r!["id"] == "download-tool-spawned")!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)credentials["help"]!["markdown"], Does.Contain("**What to do:**").And.Contain("[T1552.004](https://attack.mitre.org/techniques/T1552/004/)"));
            Assert.That(credentials["properties"]!["tags"]!.AsArray().Select(t => (string?)t), Does.Contain("security").And.Contain("external/mitre-attack/T1003.008"));
            Assert.That(credentials["helpUri"], Is.Null, "four techniques: no one page");
            Assert.That((string?)download["helpUri"], Is.EqualTo("https://attack.mitre.org/techniques/T1105/"));
            Assert.That((string?)credentials["properties"]!["security-severity"], Is.EqualTo("8.0"));
            Assert.That(rules.Select(r => (string?)r!["id"]), Does.Contain("rule-of-another-version"), "an unknown id still has a rule");
        });
    }

    [Test]
    public void ASilencedFindingIsASuppressedResultAtItsAllowRulesLine()
    {
        var results = Results(RichReports.Document(Severity.Medium, RichReports.Everything()));

        var allowed = results.Single(r => (string?)r["ruleId"] == "shell-spawned");
        var exact = results.Single(r => r["suppressions"] is not null && (string?)r["ruleId"] == "credential-read");
        Assert.Multiple(() =>
        {
            Assert.That((string?)allowed["suppressions"]![0]!["kind"], Is.EqualTo("inSource"));
            Assert.That((string?)allowed["suppressions"]![0]!["justification"], Is.EqualTo("allow_rules: shell-spawned at scenarios/samples/everything.yaml:9:18"));
            Assert.That((int?)allowed["locations"]![0]!["physicalLocation"]!["region"]!["startLine"], Is.EqualTo(9));
            Assert.That((string?)exact["suppressions"]![0]!["justification"], Is.EqualTo("exact entry '/root/.aws/credentials' in expect.files.read"));
            Assert.That((string?)allowed["level"], Is.EqualTo("warning"), "a silenced finding never fails the run");
        });
    }

    [Test]
    public void LevelsSayWhatFailedTheRunAndWhatWasOnlyReported()
    {
        var results = Results(RichReports.Document(Severity.Critical, RichReports.Everything()));

        string? Level(string rule) => (string?)results.First(r => (string?)r["ruleId"] == rule && r["suppressions"] is null)["level"];
        Assert.Multiple(() =>
        {
            Assert.That(Level("rule-of-another-version"), Is.EqualTo("error"));
            Assert.That(Level("credential-read"), Is.EqualTo("warning"));
            Assert.That(Level("unexpected-file-read"), Is.EqualTo("note"));
            Assert.That(Level("baseline-vanished-behaviour"), Is.EqualTo("note"));
        });
    }

    [Test]
    public void ScenariosThatCouldNotBeObservedAreInvocationNotificationsAndTheExecutionIsNotSuccessful()
    {
        var log = Format.Render(RichReports.Document(Severity.High, RichReports.Clean(), RichReports.Inconclusive(), RichReports.Errored()));

        var invocation = log["runs"]![0]!["invocations"]![0]!;
        var notifications = invocation["toolExecutionNotifications"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That((bool?)invocation["executionSuccessful"], Is.False);
            Assert.That((int?)invocation["exitCode"], Is.EqualTo(2));
            Assert.That(notifications.Select(n => ((string?)n!["level"], (string?)n["message"]!["text"])), Is.EqualTo(new[]
            {
                ("warning", "timed out: inconclusive: the run timed out after 30s"),
                ("warning", "timed out: inconclusive: monitor lost 5 events"),
                ("error", "broken \\xff: error: no reason was recorded"),
            }));
            Assert.That((string?)notifications[0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"], Is.EqualTo("file:///elsewhere/outside%20the%20root/timeout.yaml"));
            Assert.That((string?)notifications[2]!["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"], Is.EqualTo("scenarios/broken%FF.yaml"));
        });
    }

    [Test]
    public void WhatATargetChoseIsInertInTheSarif()
    {
        var text = Format.Render(RichReports.Document(Severity.Medium, RichReports.Everything())).ToJsonString();

        Assert.That(text.Any(c => c == '\u001b' || c == '\u202e' || char.IsSurrogate(c)), Is.False);
        Assert.That(text, Does.Contain(@"\\u202etxt.exe\\\\x41"), "escaped visibly (and JSON-escaped again)");
    }

    [Test]
    public void TheSameBehaviourInAnotherRunHasTheSameFingerprint()
    {
        var first = Fingerprint(Finding("/home/probe/.ssh/id_rsa", pid: 7, at: RichReports.T0, occurrences: 1, step: 14));
        var again = Fingerprint(Finding("/home/probe/.ssh/id_rsa", pid: 4242, at: RichReports.T0.AddDays(1), occurrences: 9, step: 15) with { Message = "read credentials: 9 times" });
        var other = Fingerprint(Finding("/home/probe/.ssh/id_ed25519", pid: 7, at: RichReports.T0, occurrences: 1, step: 14));
        var otherVariant = Fingerprint(Finding("/home/probe/.ssh/id_rsa", pid: 7, at: RichReports.T0, occurrences: 1, step: 14) with { Variant = "clock-2032" });

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
            Assert.That(otherVariant, Is.Not.EqualTo(first));
        });
    }

    private static Finding Finding(string subject, int pid, DateTimeOffset at, int occurrences, int step)
    {
        var read = new FileEvent(at, pid, "/app/target", FileOperation.Read, subject, 3) { Step = RichReports.Step(1, "run", step) };
        return new Finding("credential-read", Severity.High, Phase.Run, $"read credentials: {subject}", [read], occurrences)
        {
            Steps = [read.Step!],
            Variant = "default",
            Technique = "T1552.004",
            Subject = subject,
        };
    }

    private static string? Fingerprint(Finding finding)
    {
        var scenario = new ScenarioResult("steals", "scenarios/steals.yaml", Verdict.Findings, [finding], [], [], [], TimeSpan.FromSeconds(3));
        var result = Results(RichReports.Document(Severity.Medium, scenario)).Single();
        return (string?)result["partialFingerprints"]![SarifFingerprint.Key];
    }

    private static List<JsonNode> Results(ReportDocument document) =>
        [.. Format.Render(document)["runs"]![0]!["results"]!.AsArray().Select(r => r!)];
}
