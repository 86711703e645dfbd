using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Core.Sharding;

namespace DynamicProbe.Core.Tests.Sharding;

/// <summary>Merging reports built by hand: the split's shards join into the suite's run, and what does not add up is refused by file name.</summary>
public sealed class ReportMergerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 3, 0, 0, TimeSpan.Zero);

    // Run order (as the paths gave them) differs from the sorted order the split deals from.
    private static readonly string[] Suite = ["orders", "alpha", "zeta", "beta", "hello"];

    [Test]
    public void TheShardsJoinInTheSuitesRunOrderWithTheExitCodeOfOneRun()
    {
        var shards = Shards(3, name => name switch
        {
            "zeta" => Scenario(name, Verdict.Inconclusive),
            "beta" => Scenario(name, Verdict.Findings, Finding(Severity.High, failsRun: true)),
            _ => Scenario(name, Verdict.Clean),
        });

        var merged = ReportMerger.Merge([shards[2], shards[0], shards[1]]);

        Assert.That(merged.Scenarios.Select(s => s.Name), Is.EqualTo(Suite));
        Assert.That(merged.ExitCode, Is.EqualTo((int)ExitCode.Findings));
        Assert.That(merged.Shard, Is.Null);
        Assert.That(merged.StartedAt, Is.EqualTo(T0));
        Assert.That(merged.FinishedAt, Is.EqualTo(T0.AddMinutes(3)));
        Assert.That(merged.FailOn, Is.EqualTo(Severity.Low));
    }

    [TestCase(Verdict.Error, ExitCode.UserError)]
    [TestCase(Verdict.Inconclusive, ExitCode.Inconclusive)]
    [TestCase(Verdict.Clean, ExitCode.Clean)]
    public void TheExitCodeIsTheRunsRuleOverEveryShard(Verdict onlyInShard2, ExitCode expected)
    {
        var shards = Shards(2, name => Scenario(name, name == "beta" ? onlyInShard2 : Verdict.Clean));

        Assert.That(ReportMerger.Merge(shards).ExitCode, Is.EqualTo((int)expected));
    }

    [Test]
    public void FindingsThatFailNothingInAnIncompleteRecordingLeaveItInconclusive()
    {
        var incomplete = Scenario("alpha", Verdict.Findings, Finding(Severity.Info, failsRun: false)) with
        {
            Phases = [new PhaseDocument(Phase.Run, "default", 10, false, 3, 0, null, 1, [])],
        };
        var shards = Shards(1, name => name == "alpha" ? incomplete : Scenario(name, Verdict.Clean));

        Assert.That(ReportMerger.Merge(shards).ExitCode, Is.EqualTo((int)ExitCode.Inconclusive));
    }

    [Test]
    public void AnEmptyShardCountsAsGiven()
    {
        var shards = Shards(7, name => Scenario(name, Verdict.Clean));
        Assert.That(shards[6].Document.Scenarios, Is.Empty);

        Assert.That(ReportMerger.Merge(shards).Scenarios, Has.Count.EqualTo(5));
    }

    [Test]
    public void AMissingShardIsRefusedNamingItAndTheReportsGiven()
    {
        var shards = Shards(3, name => Scenario(name, Verdict.Clean));

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([shards[0], shards[2]]));

        Assert.That(error!.Message, Does.StartWith("shard 2/3 missing").And.Contain("shard-1.json (shard 1/3)").And.Contain("shard-3.json (shard 3/3)"));
    }

    [Test]
    public void AShardGivenTwiceIsRefusedNamingBothFiles()
    {
        var shards = Shards(2, name => Scenario(name, Verdict.Clean));

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([shards[0], shards[1], shards[1] with { Source = "again.json" }]));

        Assert.That(error!.Message, Does.Contain("shard 2/2 is given twice: shard-2.json and again.json"));
    }

    [Test]
    public void ShardsOfAnotherSuiteAreRefused()
    {
        var ours = Shards(2, name => Scenario(name, Verdict.Clean));
        var theirs = Shards(2, name => Scenario(name, Verdict.Clean), [.. Suite, "extra"]);

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([ours[0], theirs[1]]));

        Assert.That(error!.Message, Does.StartWith("shard-2.json is a shard of another suite (6 scenarios").And.Contain("than shard-1.json (5 scenarios").And.Contain("same scenario paths"));
    }

    [Test]
    public void ShardsOfAnotherCountAreRefused()
    {
        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([Shards(2, Clean)[0], Shards(3, Clean)[1] with { Source = "other.json" }]));

        Assert.That(error!.Message, Does.StartWith("other.json is shard 2/3, shard-1.json shard 1/2"));
    }

    [Test]
    public void AnotherFailOnIsRefused()
    {
        var shards = Shards(2, Clean);
        var strict = shards[1] with { Document = shards[1].Document with { FailOn = Severity.High } };

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([shards[0], strict]));

        Assert.That(error!.Message, Does.StartWith("shard-2.json was run with --fail-on high, shard-1.json with --fail-on low"));
    }

    [Test]
    public void AnotherFormatVersionIsRefused()
    {
        var shards = Shards(2, Clean);
        var future = shards[1] with { Document = shards[1].Document with { FormatVersion = 2 } };

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([shards[0], future]));

        Assert.That(error!.Message, Does.StartWith("shard-2.json: JSON report format 2, but shard-1.json has format 1"));
    }

    [Test]
    public void AnotherToolVersionIsRefused()
    {
        var shards = Shards(2, Clean);
        var newer = shards[1] with { Document = shards[1].Document with { ToolVersion = "9.9.9" } };

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([shards[0], newer]));

        Assert.That(error!.Message, Does.StartWith("shard-2.json was written by dynamicprobe 9.9.9, shard-1.json by 1.0.0"));
    }

    [Test]
    public void AShardAndAWholeRunAreNotMerged()
    {
        var whole = new SourcedReport("whole.json", Report([Scenario("other", Verdict.Clean)]));

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([whole, Shards(2, Clean)[0]]));

        Assert.That(error!.Message, Does.StartWith("shard-1.json is shard 1/2 of a suite, whole.json a whole run (no --shard)"));
    }

    [Test]
    public void AScenarioInTwoReportsIsRefusedNamingBoth()
    {
        var first = new SourcedReport("monday.json", Report([Scenario("alpha", Verdict.Clean), Scenario("beta", Verdict.Clean)]));
        var second = new SourcedReport("tuesday.json", Report([Scenario("beta", Verdict.Clean)]));

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([first, second]));

        Assert.That(error!.Message, Does.StartWith("scenario 'beta' is in both monday.json and tuesday.json"));
    }

    [Test]
    public void AScenarioOutsideItsShardsShareIsRefused()
    {
        var shards = Shards(2, Clean);
        var stray = shards[0] with { Document = shards[0].Document with { Scenarios = [.. shards[0].Document.Scenarios, Scenario("extra", Verdict.Clean)] } };

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([stray, shards[1]]));

        Assert.That(error!.Message, Does.StartWith("shard-1.json (shard 1/2) holds scenario 'extra', which is not in that shard's share"));
    }

    [Test]
    public void AShardLackingPartOfItsShareIsRefused()
    {
        var shards = Shards(2, Clean);
        var cut = shards[1] with { Document = shards[1].Document with { Scenarios = [.. shards[1].Document.Scenarios.Skip(1)] } };

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([shards[0], cut]));

        Assert.That(error!.Message, Does.StartWith($"shard-2.json (shard 2/2) lacks scenario '{shards[1].Document.Scenarios[0].Name}' of its share").And.Contain("rerun shard 2/2"));
    }

    [Test]
    public void AnEditedShardRecordIsRefused()
    {
        var shards = Shards(2, Clean);
        var shard = shards[0].Document.Shard!;
        var edited = shards[0] with { Document = shards[0].Document with { Shard = shard with { Suite = shard.Suite with { Order = [.. shard.Suite.Order.Take(4), "renamed"] } } } };

        var error = Assert.Throws<UserErrorException>(() => ReportMerger.Merge([edited, shards[1]]));

        Assert.That(error!.Message, Does.StartWith("shard-1.json: its shard record does not add up"));
    }

    [Test]
    public void WholeRunsOfDifferentScenariosJoinInTheOrderGiven()
    {
        var first = new SourcedReport("b.json", Report([Scenario("zulu", Verdict.Clean)], T0.AddMinutes(5)));
        var second = new SourcedReport("a.json", Report([Scenario("alpha", Verdict.Error)]));

        var merged = ReportMerger.Merge([first, second]);

        Assert.That(merged.Scenarios.Select(s => s.Name), Is.EqualTo(new[] { "zulu", "alpha" }));
        Assert.That(merged.ExitCode, Is.EqualTo((int)ExitCode.UserError));
        Assert.That(merged.StartedAt, Is.EqualTo(T0));
    }

    [Test]
    public async Task TheShardRecordRoundTripsThroughTheJsonReport()
    {
        var shard = Shards(2, Clean)[1].Document;
        using var stream = new MemoryStream();
        await JsonReportWriter.WriteAsync(shard, stream, CancellationToken.None);
        var json = Encoding.UTF8.GetString(stream.ToArray());

        var read = await JsonReportReader.ReadAsync(new MemoryStream(stream.ToArray()), "shard-2.json", CancellationToken.None);

        using var parsed = JsonDocument.Parse(json);
        var written = parsed.RootElement.GetProperty("shard");
        Assert.That(written.GetProperty("index").GetInt32(), Is.EqualTo(2));
        Assert.That(written.GetProperty("count").GetInt32(), Is.EqualTo(2));
        Assert.That(written.GetProperty("suite").GetProperty("scenarios").GetInt32(), Is.EqualTo(5));
        Assert.That(written.GetProperty("suite").GetProperty("hash").GetString(), Is.EqualTo(SuiteSplit.Hash(Suite)));
        Assert.That(written.GetProperty("suite").GetProperty("order").EnumerateArray().Select(n => n.GetString()), Is.EqualTo(Suite));
        Assert.That(read.Shard!.Suite.Order, Is.EqualTo(Suite));
        Assert.That(JsonSerializer.Serialize(read, JsonReportWriter.Options), Is.EqualTo(json));
    }

    [Test]
    public void TheSummaryCountsVerdictsAndListsFailingFindingsOnly()
    {
        var shards = Shards(2, name => name switch
        {
            "beta" => Scenario(name, Verdict.Findings, Finding(Severity.High, failsRun: true), Finding(Severity.Info, failsRun: false) with { Rule = "quiet-note" }),
            "zeta" => Scenario(name, Verdict.Error) with { Problems = ["build failed:\nerror CS1002"] },
            _ => Scenario(name, Verdict.Clean),
        });
        var merged = ReportMerger.Merge(shards);
        using var output = new StringWriter();

        MergeSummary.Write(shards, merged, output);

        var text = output.ToString();
        Assert.That(text, Does.StartWith($"merged the 2 shard(s) of a suite of 5 scenario(s) ({SuiteSplit.Hash(Suite)})"));
        Assert.That(text, Does.Contain("FINDINGS      beta").And.Contain("! HIGH     run   shell-spawned T1059.004: ran a shell"));
        Assert.That(text, Does.Contain("ERROR         zeta").And.Contain("problem: build failed:"));
        Assert.That(text, Does.Not.Contain("quiet-note").And.Not.Contain("alpha"));
        Assert.That(text.TrimEnd(), Does.EndWith("5 scenario(s): 3 clean, 1 FINDINGS, 0 INCONCLUSIVE, 1 ERROR. Exit code 2 (UserError)."));
    }

    private static ScenarioDocument Clean(string name) => Scenario(name, Verdict.Clean);

    /// <summary>Every shard of <paramref name="suite"/> as <c>run --shard K/N</c> would report it, shard K started K minutes after T0.</summary>
    private static List<SourcedReport> Shards(int count, Func<string, ScenarioDocument> scenario, string[]? suite = null)
    {
        suite ??= Suite;
        return [.. Enumerable.Range(1, count).Select(k =>
        {
            var share = SuiteSplit.NamesOf(suite, new ShardSpec(k, count));
            var document = Report([.. suite.Where(share.Contains).Select(scenario)], T0.AddMinutes(k - 1)) with
            {
                Shard = new ShardDocument(k, count, SuiteSplit.Describe(suite)),
            };
            return new SourcedReport($"shard-{k}.json", document);
        })];
    }

    private static ReportDocument Report(IReadOnlyList<ScenarioDocument> scenarios, DateTimeOffset? started = null)
    {
        var at = started ?? T0;
        return new ReportDocument(JsonReportWriter.FormatVersion, "1.0.0", at, at.AddMinutes(1), Severity.Low, (int)ReportMerger.ExitCodeOf(scenarios), scenarios);
    }

    private static ScenarioDocument Scenario(string name, Verdict verdict, params FindingDocument[] findings) => new(
        name, $"/s/{name}.yaml", verdict, 1000, [], [new PhaseDocument(Phase.Run, "default", 10, true, 0, 0, null, 1, [])], [], findings, []);

    private static FindingDocument Finding(Severity severity, bool failsRun) => new(
        "shell-spawned", severity, Phase.Run, "default", "ran a shell", failsRun, 1, null, [], [], 0) { Technique = "T1059.004" };
}
