using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Sharding;

/// <summary>
/// Joins JSON reports into the report one run of all their scenarios would have written, with its exit code
/// (<see cref="ScenarioStanding.ExitCodeOf"/>). Either every shard of one suite (<c>run --shard K/N</c>, each once:
/// the scenarios come out in the order one run of the suite has them) or whole runs of different scenarios (in the
/// order given). What would not add up to one run is refused, naming the file: a missing or doubled shard, shards of
/// different suites, another <c>--fail-on</c>, format or tool version, a scenario in two reports.
/// </summary>
public static class ReportMerger
{
    public static ReportDocument Merge(IReadOnlyList<SourcedReport> reports)
    {
        if (reports.Count == 0)
        {
            throw new UserErrorException("no report to merge; name the JSON reports, e.g. dynamicprobe merge shard-*.json --json all.json.");
        }

        var first = reports[0];
        foreach (var other in reports.Skip(1))
        {
            RequireSameKindOfRun(first, other);
        }

        if (first.Document.Shard is not null)
        {
            RequireEveryShardOnce(reports);
        }

        RequireEachScenarioOnce(reports);
        IReadOnlyList<ScenarioDocument> scenarios = first.Document.Shard is { } shard
            ? InSuiteOrder(reports, shard.Suite)
            : [.. reports.SelectMany(r => r.Document.Scenarios)];

        return new ReportDocument(
            first.Document.FormatVersion,
            first.Document.ToolVersion,
            reports.Min(r => r.Document.StartedAt),
            reports.Max(r => r.Document.FinishedAt),
            first.Document.FailOn,
            (int)ExitCodeOf(scenarios),
            scenarios);
    }

    /// <summary>The exit code of a report's scenarios, by the rule a run uses (its findings' <c>failsRun</c> follow its <c>--fail-on</c>).</summary>
    public static ExitCode ExitCodeOf(IEnumerable<ScenarioDocument> scenarios) => ScenarioStanding.ExitCodeOf(
        scenarios.Select(s => new ScenarioStanding(s.Verdict, s.Findings.Any(f => f.FailsRun), s.Phases.All(p => p.Complete))));

    private static void RequireSameKindOfRun(SourcedReport first, SourcedReport other)
    {
        var (a, b) = (first.Document, other.Document);
        if (a.FormatVersion != b.FormatVersion)
        {
            throw new UserErrorException(
                $"{other.Source}: JSON report format {b.FormatVersion}, but {first.Source} has format {a.FormatVersion}; rerun them with one dynamicprobe version.");
        }

        if (a.ToolVersion != b.ToolVersion)
        {
            throw new UserErrorException(
                $"{other.Source} was written by dynamicprobe {b.ToolVersion}, {first.Source} by {a.ToolVersion}; rerun them with one version, so the merged report speaks for one tool.");
        }

        if (a.FailOn != b.FailOn)
        {
            throw new UserErrorException(
                $"{other.Source} was run with --fail-on {Lower(b.FailOn)}, {first.Source} with --fail-on {Lower(a.FailOn)}; the exit code depends on it: rerun them with one --fail-on.");
        }

        switch (a.Shard, b.Shard)
        {
            case (null, { } shard):
                throw MixedRuns(other, shard, first);
            case ({ } shard, null):
                throw MixedRuns(first, shard, other);
            case ({ } sa, { } sb) when sa.Count != sb.Count:
                throw new UserErrorException(
                    $"{other.Source} is shard {sb.Index}/{sb.Count}, {first.Source} shard {sa.Index}/{sa.Count}: the shards of one suite share N; rerun them with one --shard K/N count.");
            case ({ } sa, { } sb) when sa.Suite.Hash != sb.Suite.Hash:
                throw new UserErrorException(
                    $"{other.Source} is a shard of another suite ({sb.Suite.Scenarios} scenarios, {sb.Suite.Hash}) than {first.Source} "
                    + $"({sa.Suite.Scenarios} scenarios, {sa.Suite.Hash}); run every shard on the same scenario paths.");
        }
    }

    private static UserErrorException MixedRuns(SourcedReport sharded, ShardDocument shard, SourcedReport whole) => new(
        $"{sharded.Source} is shard {shard.Index}/{shard.Count} of a suite, {whole.Source} a whole run (no --shard); "
        + "merge either every shard of one suite or whole runs of different scenarios.");

    private static void RequireEveryShardOnce(IReadOnlyList<SourcedReport> reports)
    {
        var bySlot = new Dictionary<int, SourcedReport>();
        foreach (var report in reports)
        {
            var shard = report.Document.Shard!;
            if (shard.Suite.Order.Count != shard.Suite.Scenarios
                || shard.Suite.Order.Distinct(StringComparer.Ordinal).Count() != shard.Suite.Scenarios
                || SuiteSplit.Hash(shard.Suite.Order) != shard.Suite.Hash)
            {
                throw new UserErrorException(
                    $"{report.Source}: its shard record does not add up (the suite's names do not match its count or hash); the file was edited: rerun shard {shard.Index}/{shard.Count}.");
            }

            if (!bySlot.TryAdd(shard.Index, report))
            {
                throw new UserErrorException(
                    $"shard {shard.Index}/{shard.Count} is given twice: {bySlot[shard.Index].Source} and {report.Source}; give each shard's report once.");
            }
        }

        var count = reports[0].Document.Shard!.Count;
        var missing = Enumerable.Range(1, count).Where(index => !bySlot.ContainsKey(index)).ToList();
        if (missing.Count > 0)
        {
            throw new UserErrorException(
                $"shard {string.Join(", ", missing.Select(index => $"{index}/{count}"))} missing: got {string.Join(", ", bySlot.OrderBy(s => s.Key).Select(s => $"{s.Value.Source} (shard {s.Key}/{count})"))}; "
                + "give the report of every shard (one that holds no scenario still writes one).");
        }
    }

    private static void RequireEachScenarioOnce(IReadOnlyList<SourcedReport> reports)
    {
        var holder = new Dictionary<string, SourcedReport>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            foreach (var scenario in report.Document.Scenarios)
            {
                if (!holder.TryAdd(scenario.Name, report))
                {
                    throw new UserErrorException(
                        $"scenario '{scenario.Name}' is in both {holder[scenario.Name].Source} and {report.Source}; a merged report holds each scenario once: leave one of them out.");
                }
            }
        }
    }

    /// <summary>Every shard holds exactly its share of the suite (so together they hold all of it); joined in the suite's order.</summary>
    private static List<ScenarioDocument> InSuiteOrder(IReadOnlyList<SourcedReport> reports, SuiteDocument suite)
    {
        foreach (var report in reports)
        {
            var shard = report.Document.Shard!;
            var share = SuiteSplit.NamesOf(suite.Order, new ShardSpec(shard.Index, shard.Count));
            var held = report.Document.Scenarios.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            if (report.Document.Scenarios.Select(s => s.Name).FirstOrDefault(name => !share.Contains(name)) is { } stranger)
            {
                throw new UserErrorException(
                    $"{report.Source} (shard {shard.Index}/{shard.Count}) holds scenario '{stranger}', which is not in that shard's share of the suite; "
                    + $"it was not written by 'run --shard {shard.Index}/{shard.Count}' of this suite: rerun that shard.");
            }

            if (share.Where(name => !held.Contains(name)).Order(StringComparer.Ordinal).FirstOrDefault() is { } lacking)
            {
                throw new UserErrorException(
                    $"{report.Source} (shard {shard.Index}/{shard.Count}) lacks scenario '{lacking}' of its share; its run did not finish: rerun shard {shard.Index}/{shard.Count}.");
            }
        }

        var position = suite.Order.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
        return [.. reports.SelectMany(r => r.Document.Scenarios).OrderBy(s => position[s.Name])];
    }

    private static string Lower(Severity severity) => severity.ToString().ToLowerInvariant();
}
