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
        var sightings = new Dictionary<BehaviourKey, Dictionary<string, List<ObservedAction>>>();
        foreach (var run in runs)
        {
            foreach (var action in BehaviourAnalyzer.Actions(run.Recording).Where(a => !BehaviourAnalyzer.IsAllowed(ignored, a)))
            {
                var key = BehaviourKey.Of(action, run.Honeytokens);
                if (!sightings.TryGetValue(key, out var byRun))
                {
                    sightings[key] = byRun = [];
                }

                if (!byRun.TryGetValue(run.Name, out var actions))
                {
                    byRun[run.Name] = actions = [];
                }

                actions.Add(action);
            }
        }

        var groups = new Dictionary<string, Difference>(StringComparer.Ordinal);
        foreach (var (key, byRun) in sightings)
        {
            var present = runs.Where(r => byRun.ContainsKey(r.Name)).ToList();
            var absent = runs.Where(r => !byRun.ContainsKey(r.Name) && r.FullyObserved).ToList();
            if (absent.Count == 0)
            {
                continue;
            }

            var rule = rules.RuleFor(byRun[present[0].Name][0]);
            var groupKey = $"{rule.Id}\n{BehaviourAnalyzer.GroupKey(rule.GroupBy, key.Subject)}\n{string.Join(',', present.Select(r => r.Name))}";
            if (!groups.TryGetValue(groupKey, out var difference))
            {
                groups[groupKey] = difference = new Difference(rule, present, absent);
            }

            foreach (var action in present.SelectMany(r => byRun[r.Name]))
            {
                difference.Add(action, BehaviourAnalyzer.IsAllowed(allowed, action));
            }
        }

        return [.. groups.Values.OrderBy(d => d.Actions[0].Event.Time).Select(d => d.ToFinding())];
    }

    private sealed class Difference(BehaviourRule rule, List<ComparedRun> present, List<ComparedRun> absent)
    {
        private bool anyUnexpected;

        public List<ObservedAction> Actions { get; } = [];

        public void Add(ObservedAction action, bool expected)
        {
            Actions.Add(action);
            anyUnexpected |= !expected;
        }

        public Finding ToFinding()
        {
            var evidence = Actions.Select(a => a.Event).Distinct().OrderBy(e => e.Time).ToList();
            var actor = Actions[0].Event.Process;
            var quiet = absent.Select(run => (Run: run, Exec: ExecOf(actor, run))).ToList();
            var message = $"{Behaviour()} only under {Runs(present)}, never under "
                + string.Join(", ", quiet.Select(q => q.Exec is null ? q.Run.Described : $"{q.Run.Described} (where {actor} ran too, as pid {q.Exec.Pid})"));
            return new Finding(
                Rule,
                anyUnexpected ? rule.Severity : Severity.Low,
                Phase.Run,
                message,
                [.. evidence.Take(BehaviourAnalyzer.MaxEvidencePerFinding - quiet.Count), .. quiet.Select(q => q.Exec).OfType<ProcessExecEvent>()],
                evidence.Count)
            {
                Variant = string.Join(", ", present.Select(r => r.Name)),
                Steps = StepTimeline.StepsOf(evidence),
            };
        }

        private string Behaviour()
        {
            var first = Actions[0];
            var subject = rule.GroupBy == GroupBy.Parent
                ? BehaviourAnalyzer.GroupKey(GroupBy.Parent, first.Subject)
                : first.Shown;
            var count = Actions.Select(a => a.Subject).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture);
            return first.Kind switch
            {
                ActionKind.FileRead => $"read {subject}",
                ActionKind.FileWrite => $"wrote {subject}",
                ActionKind.FileDelete => rule.GroupBy == GroupBy.Parent ? $"deleted {count} item(s) in {subject}" : $"deleted {subject}",
                ActionKind.ProcessExec => first.Event is ProcessExecEvent exec ? $"started {CommandLine.Format(exec.Argv)}" : $"started {subject}",
                ActionKind.NetworkConnect => $"connected to {subject}",
                ActionKind.NetworkSend => $"sent data to {subject}",
                ActionKind.NetworkListen => $"listened on {subject}",
                ActionKind.PrivilegedCall => $"made the privileged call {subject}",
                _ => $"looked up {subject}",
            } + $" ({rule.Id})";
        }

        /// <summary>The other side's evidence: the same program starting in a run where the behaviour never showed.</summary>
        private static ProcessExecEvent? ExecOf(string program, ComparedRun run) =>
            run.Recording.Events.OfType<ProcessExecEvent>().FirstOrDefault(e => e.Result == 0 && e.Path == program);

        private static string Runs(IEnumerable<ComparedRun> runs) => string.Join(", ", runs.Select(r => r.Described));
    }
}
