using System.Globalization;
using System.Text.RegularExpressions;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// The actions behind one finding of <see cref="BehaviourAnalyzer"/>: a rule and a group key. Every event is counted
/// once in its occurrences and either kept in its evidence or counted there (<see cref="RepeatedEvidence"/>).
/// </summary>
internal sealed partial class FindingGroup(BehaviourRule rule, string key, DeletedTrees trees)
{
    private readonly RepeatedEvidence _evidence = new(BehaviourAnalyzer.MaxEvidencePerFinding);
    private readonly HashSet<ProbeEvent> _events = new(ReferenceEqualityComparer.Instance);
    private readonly List<StepRef> _steps = [];
    private readonly GroupSummary _summary = new(rule.GroupBy, key, trees);
    private ObservedAction? _first;
    private int _occurrences;

    public BehaviourRule Rule { get; } = rule;

    /// <summary>The first action the rule named (a folded listing may come before it, but does not name the finding).</summary>
    public ObservedAction First => _first ?? throw new InvalidOperationException("A finding group holds only folded listings.");

    /// <summary>One finding per group of <paramref name="grouping"/>, most severe first, then in the order they began.</summary>
    public static IReadOnlyList<Finding> Findings(Phase phase, FindingGrouping grouping)
    {
        var groups = new Dictionary<(string Rule, string Key), FindingGroup>();
        foreach (var member in grouping.Members)
        {
            if (!groups.TryGetValue((member.Rule.Id, member.Key), out var group))
            {
                group = new FindingGroup(member.Rule, member.Key, grouping.Trees);
                groups.Add((member.Rule.Id, member.Key), group);
            }

            group.Add(member.Action, member.Listing);
        }

        return [.. groups.Values
            .OrderByDescending(g => g.Rule.Severity)
            .ThenBy(g => g.First.Event.Time)
            .Select(g => g.ToFinding(phase))];
    }

    private void Add(ObservedAction action, bool listing)
    {
        if (!listing)
        {
            _first ??= action;
        }

        _summary.Add(action, listing);
        if (!_events.Add(action.Event))
        {
            return;
        }

        _occurrences += action.Event.Times;

        if (action.Event.Step is { } step && !_steps.Contains(step))
        {
            _steps.Add(step);
        }

        _evidence.Add(action.Event);
    }

    private Finding ToFinding(Phase phase)
    {
        var subject = Rule.GroupBy is GroupBy.Parent or GroupBy.Tree ? key : First.Shown;

        // One pass, so a placeholder inside a target's path or name stays text.
        var message = Placeholder().Replace(Rule.Message, m => m.Groups[1].Value switch
        {
            "summary" => _summary.Describe() ?? subject,
            "subject" => subject,
            "process" => First.Event.Process,
            "count" => _occurrences.ToString(CultureInfo.InvariantCulture),
            _ => First.Event is ProcessExecEvent exec ? CommandLine.Format(exec.Argv) : subject,
        });
        return new Finding(Rule.Id, Rule.Severity, phase, message, _evidence.Entries(), _occurrences)
        {
            Steps = _steps,
            EvidenceOmitted = _evidence.Omitted,
            Technique = Rule.Technique,
            Subject = key,
        };
    }

    [GeneratedRegex(@"\{(summary|subject|process|count|argv)\}")]
    private static partial Regex Placeholder();
}
