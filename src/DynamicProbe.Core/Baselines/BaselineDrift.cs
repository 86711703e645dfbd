using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Baselines;

/// <summary>
/// A run against an accepted <see cref="BehaviourProfile"/>: only what changed is reported. Behaviour the baseline
/// does not hold is <see cref="NewRule"/>, one finding per rule group (as <c>rules.yaml</c> groups them) and phase,
/// at the severity of the rule it falls under (<see cref="Severity.Low"/> when the scenario's <c>expect</c> allows all
/// of it), with its evidence; behaviour of the baseline the run no longer shows is <see cref="VanishedRule"/>, an info
/// note that never fails, and only from a phase fully observed. Every other finding is accepted by the baseline, except
/// a failed step, which fails the scenario whatever the baseline says. Health still counts: a run not fully observed
/// is inconclusive, never clean.
/// </summary>
public sealed class BaselineDrift(RuleBook rules)
{
    public const string NewRule = "baseline-new-behaviour";
    public const string VanishedRule = "baseline-vanished-behaviour";

    /// <summary>
    /// <paramref name="current"/> as drift from <paramref name="baseline"/>: its findings replaced, its verdict recomputed,
    /// and <paramref name="source"/> (where the baseline came from) named in it.
    /// </summary>
    public ScenarioResult Apply(ScenarioResult current, BehaviourProfile baseline, string source)
    {
        var findings = current.Findings.Where(f => f.Rule == ScenarioExecutor.StepFailedRule)
            .Concat(Compare(baseline, current.Profile))
            .OrderByDescending(f => f.Severity)
            .ToList();
        var verdict = current.Verdict == Verdict.Error ? Verdict.Error
            : findings.Any(f => f.Severity > Severity.Info) ? Verdict.Findings
            : current.Verdict == Verdict.Inconclusive || !current.Profile.FullyObserved || current.Phases.Any(p => !p.Health.IsComplete) ? Verdict.Inconclusive
            : Verdict.Clean;
        return current with { Findings = findings, Verdict = verdict, DriftFrom = source };
    }

    public IReadOnlyList<Finding> Compare(BehaviourProfile baseline, BehaviourProfile current)
    {
        var findings = new List<Finding>();
        foreach (var phase in current.Phases)
        {
            var accepted = baseline.Section(phase.Section)?.Behaviours ?? new Dictionary<BehaviourKey, IReadOnlyList<ObservedAction>>();
            findings.AddRange(NewBehaviour(phase, accepted));
            if (phase.FullyObserved)
            {
                findings.AddRange(accepted.Keys.Where(k => !phase.Behaviours.ContainsKey(k)).OrderBy(k => k.Kind).ThenBy(k => k.Subject, StringComparer.Ordinal)
                    .Select(k => new Finding(
                        VanishedRule,
                        Severity.Info,
                        phase.Phase,
                        $"behaviour of the baseline not seen in this run: {ActionPhrase.Of(k.Kind, k.Subject)}",
                        [],
                        0) { Variant = phase.Variant, Subject = $"{k.Kind} {k.Subject}" }));
            }
        }

        return findings;
    }

    private IEnumerable<Finding> NewBehaviour(PhaseProfile phase, IReadOnlyDictionary<BehaviourKey, IReadOnlyList<ObservedAction>> accepted)
    {
        var allowed = new AllowanceSet(phase.Expected);
        var groups = new Dictionary<(string Rule, string Key), List<ObservedAction>>();
        var trees = DeletedTrees.In(phase.Behaviours.Values.SelectMany(actions => actions).Select(a => a.Event));
        foreach (var (key, actions) in phase.Behaviours.Where(b => !accepted.ContainsKey(b.Key)))
        {
            var rule = rules.RuleFor(actions[0]);
            var group = (rule.Id, FindingGrouping.KeyOf(trees, rule.GroupBy, actions[0] with { Subject = key.Subject, NamedSubject = null }));
            if (!groups.TryGetValue(group, out var all))
            {
                groups[group] = all = [];
            }

            all.AddRange(actions);
        }

        return groups.Select(g => (Key: g.Key, Actions: g.Value.OrderBy(a => a.Event.Time).ToList())).OrderBy(g => g.Actions[0].Event.Time).Select(group =>
        {
            var actions = group.Actions;
            var rule = rules.RuleFor(actions[0]);
            var events = actions.Select(a => a.Event).Distinct().ToList();
            var evidence = new RepeatedEvidence(BehaviourAnalyzer.MaxEvidencePerFinding);
            events.ForEach(evidence.Add);
            var distinct = actions.Select(a => a.Subject).Distinct(StringComparer.Ordinal).Count();
            var more = distinct > 1 ? $" and {distinct - 1} more like it" : "";
            return new Finding(
                NewRule,
                actions.All(a => BehaviourAnalyzer.IsAllowed(allowed, a)) ? Severity.Low : rule.Severity,
                phase.Phase,
                $"new behaviour since the baseline: {ActionPhrase.Of(actions[0].Kind, actions[0].Shown)}{more}, under rule {rule.Id}",
                evidence.Entries(),
                events.Sum(e => e.Times))
            {
                Variant = phase.Variant,
                Steps = StepTimeline.StepsOf(events),
                EvidenceOmitted = evidence.Omitted,
                Technique = rule.Technique,
                Subject = $"{group.Key.Rule} {group.Key.Key}",
            };
        });
    }
}
