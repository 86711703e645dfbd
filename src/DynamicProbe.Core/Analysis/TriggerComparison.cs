using System.Globalization;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Compares the runs of one scenario (the default and its variants): behaviour that shows in some runs and not in
/// others is <see cref="Rule"/>, the mark of a time bomb or an environment-keyed backdoor. Runs are compared by
/// <see cref="BehaviourKey"/> (run-specific parts folded), leaving out what the image's default allowances and the
/// sandbox's own machinery cover, so an unchanged program run twice gives nothing. A run that was not fully observed
/// can show behaviour but cannot show its absence. One finding per rule group (as <c>rules.yaml</c> groups them) and
/// set of runs it showed in, with the evidence from those runs and, from each run it never showed in, the exec of the
/// same program (it ran there and did not do it); its severity is that of the rule the behaviour falls
/// under, or <see cref="Severity.Low"/> when the scenario's <c>expect</c> allows all of it.
/// </summary>
public sealed class TriggerComparison(RuleBook rules)
{
    public const string Rule = "trigger-dependent";

    public IReadOnlyList<Finding> Compare(IReadOnlyList<ComparedRun> runs, Expectations noise, Expectations expected)
    {
        if (runs.Count < 2)
        {
            return [];
        }

        var ignored = new AllowanceSet(noise);
        var allowed = new AllowanceSet(expected);
        var sightings = new Dictionary<BehaviourKey, Dictionary<string, List<FindingGrouping.Member>>>();
        var groupings = new Dictionary<string, FindingGrouping>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var actions = BehaviourAnalyzer.Actions(run.Recording).Where(a => !BehaviourAnalyzer.IsAllowed(ignored, a));
            var grouping = groupings[run.Name] = FindingGrouping.Of(run.Recording, actions.Select(a => (rules.RuleFor(a), a)));
            foreach (var member in grouping.Members)
            {
                var key = BehaviourKey.Of(member.Action, run.Honeytokens);
                if (!sightings.TryGetValue(key, out var byRun))
                {
                    sightings[key] = byRun = [];
                }

                if (!byRun.TryGetValue(run.Name, out var members))
                {
                    byRun[run.Name] = members = [];
                }

                members.Add(member);
            }
        }

        // Grouped as the behaviour analysis groups them (a listing that served a deletion goes with it), by group
        // keys folded like behaviour keys, so the same group in two runs is the same difference.
        var groups = new Dictionary<string, Difference>(StringComparer.Ordinal);
        foreach (var (key, byRun) in sightings)
        {
            var present = runs.Where(r => byRun.ContainsKey(r.Name)).ToList();
            var absent = runs.Where(r => !byRun.ContainsKey(r.Name) && r.FullyObserved).ToList();
            if (absent.Count == 0)
            {
                continue;
            }

            var first = byRun[present[0].Name][0];
            var trees = groupings[present[0].Name].Trees;
            var folded = BehaviourKey.Of(first.Action with { Subject = first.Key, NamedSubject = null }, present[0].Honeytokens).Subject;
            var groupKey = $"{first.Rule.Id}\n{folded}\n{string.Join(',', present.Select(r => r.Name))}";
            if (!groups.TryGetValue(groupKey, out var difference))
            {
                groups[groupKey] = difference = new Difference(first.Rule, $"{first.Rule.Id} {folded}", new GroupSummary(first.Rule.GroupBy, first.Key, trees), trees, present, absent);
            }

            foreach (var member in present.SelectMany(r => byRun[r.Name]))
            {
                difference.Add(member, BehaviourAnalyzer.IsAllowed(allowed, member.Action));
            }
        }

        // A listing goes with a deletion only where the deletion differs too; alone, it is a read of its own.
        foreach (var (groupKey, difference) in groups.Where(g => g.Value.OnlyListings).ToList())
        {
            groups[groupKey] = difference.Unfolded(rules);
        }

        return [.. groups.Values.OrderBy(d => d.Start).Select(d => d.ToFinding())];
    }

    /// <param name="subject">The rule that names the behaviour and its group key, canaries folded: the same in every run.</param>
    private sealed class Difference(BehaviourRule rule, string subject, GroupSummary summary, DeletedTrees trees, List<ComparedRun> present, List<ComparedRun> absent)
    {
        private readonly List<(FindingGrouping.Member Member, bool Expected)> _members = [];
        private readonly List<ObservedAction> _actions = [];
        private ObservedAction? _first;
        private bool _anyUnexpected;

        /// <summary>When its first action happened.</summary>
        public DateTimeOffset Start => _actions.Min(a => a.Event.Time);

        /// <summary>True when it holds only directory listings folded into a deletion that did not differ.</summary>
        public bool OnlyListings => _first is null;

        public void Add(FindingGrouping.Member member, bool expected)
        {
            _members.Add((member, expected));
            _actions.Add(member.Action);
            summary.Add(member.Action, member.Listing);
            if (!member.Listing)
            {
                _first ??= member.Action;
            }

            _anyUnexpected |= !expected;
        }

        /// <summary>The same actions under the rule that names them on their own.</summary>
        public Difference Unfolded(RuleBook rules)
        {
            var own = rules.RuleFor(_actions[0]);
            var key = FindingGrouping.KeyOf(trees, own.GroupBy, _actions[0]);
            var folded = BehaviourKey.Of(_actions[0] with { Subject = key, NamedSubject = null }, present[0].Honeytokens).Subject;
            var unfolded = new Difference(own, $"{own.Id} {folded}", new GroupSummary(own.GroupBy, key, trees), trees, present, absent);
            foreach (var (member, expected) in _members)
            {
                unfolded.Add(member with { Rule = own, Key = key, Listing = false }, expected);
            }

            return unfolded;
        }

        public Finding ToFinding()
        {
            var events = _actions.Select(a => a.Event).Distinct().OrderBy(e => e.Time).ToList();
            var first = _first ?? throw new InvalidOperationException("A difference of listings alone is unfolded before it becomes a finding.");
            var actor = first.Event.Process;
            var quiet = absent.Select(run => (Run: run, Exec: ExecOf(actor, run))).ToList();
            var evidence = new RepeatedEvidence(BehaviourAnalyzer.MaxEvidencePerFinding - quiet.Count);
            foreach (var probeEvent in events)
            {
                evidence.Add(probeEvent);
            }

            var message = $"{Behaviour(first)} only under {Runs(present)}, never under "
                + string.Join(", ", quiet.Select(q => q.Exec is null ? q.Run.Described : $"{q.Run.Described} (where {actor} ran too, as pid {q.Exec.Pid})"));
            return new Finding(
                Rule,
                _anyUnexpected ? rule.Severity : Severity.Low,
                Phase.Run,
                message,
                [.. evidence.Entries(), .. quiet.Select(q => q.Exec).OfType<ProcessExecEvent>()],
                events.Sum(e => e.Times))
            {
                Variant = string.Join(", ", present.Select(r => r.Name)),
                Steps = StepTimeline.StepsOf(events),
                EvidenceOmitted = evidence.Omitted,
                Subject = subject,
            };
        }

        private string Behaviour(ObservedAction first)
        {
            var subject = rule.GroupBy is GroupBy.Parent or GroupBy.Tree
                ? DeletedTrees.ParentOf(first.Subject)
                : first.Shown;
            var grouped = summary.Describe();
            var count = _actions.Select(a => a.Subject).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture);
            var phrase = first.Kind switch
            {
                ActionKind.FileDelete when grouped is not null => $"deleted {grouped}",
                ActionKind.FileDelete when rule.GroupBy == GroupBy.Parent => $"deleted {count} item(s) in {subject}",
                ActionKind.ProcessExec when first.Event is ProcessExecEvent exec => $"started {CommandLine.Format(exec.Argv)}",
                ActionKind.DnsQuery => $"looked up {grouped ?? subject}",
                _ => ActionPhrase.Of(first.Kind, subject),
            };
            return $"{phrase} ({rule.Id})";
        }

        /// <summary>The other side's evidence: the same program starting in a run where the behaviour never showed.</summary>
        private static ProcessExecEvent? ExecOf(string program, ComparedRun run) =>
            run.Recording.Events.OfType<ProcessExecEvent>().FirstOrDefault(e => e.Result == 0 && e.Path == program);

        private static string Runs(IEnumerable<ComparedRun> runs) => string.Join(", ", runs.Select(r => r.Described));
    }
}
