using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Checks a phase's recording against what the phase is allowed to do: every action no allowance covers becomes
/// part of a finding named by the first matching rule.
/// </summary>
public sealed class BehaviourAnalyzer(RuleBook rules)
{
    /// <summary>Evidence kept per finding; the finding still counts every occurrence.</summary>
    public const int MaxEvidencePerFinding = 25;

    /// <summary>The rules findings are named by.</summary>
    public RuleBook Rules => rules;

    public IReadOnlyList<Finding> Analyze(PhaseRecording recording, Expectations allowed)
    {
        var allowances = new AllowanceSet(allowed);
        var groups = new Dictionary<(string Rule, string Key), FindingGroup>();
        foreach (var action in Actions(recording))
        {
            if (IsAllowed(allowances, action))
            {
                continue;
            }

            var rule = rules.RuleFor(action);
            var key = GroupKey(rule.GroupBy, action.NamedSubject ?? action.Subject);
            if (!groups.TryGetValue((rule.Id, key), out var group))
            {
                group = new FindingGroup(rule, key, action);
                groups.Add((rule.Id, key), group);
            }

            group.Add(action.Event);
        }

        return [.. groups.Values
            .OrderByDescending(g => g.Rule.Severity)
            .ThenBy(g => g.First.Event.Time)
            .Select(g => g.ToFinding(recording.Phase))];
    }

    /// <summary>Every action of a recording, endpoints the sandbox's DNS gave out named by their names.</summary>
    public static IEnumerable<ObservedAction> Actions(PhaseRecording recording)
    {
        var names = NamesByAddress(recording);
        return recording.Events.SelectMany(ActionExtractor.Extract).Select(a => WithName(a, names));
    }

    /// <summary>The sinkhole's DNS answers: which name each fake address was given out for.</summary>
    private static Dictionary<string, string> NamesByAddress(PhaseRecording recording)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var query in recording.Events.OfType<DnsQueryEvent>().Where(q => q.Answer is not null))
        {
            names.TryAdd(query.Answer!, query.Name);
        }

        return names;
    }

    private static ObservedAction WithName(ObservedAction action, Dictionary<string, string> names) =>
        action.Event is NetworkEvent { Family: not AddressFamily.Unix } net
        && action.Kind is ActionKind.NetworkConnect or ActionKind.NetworkSend
        && names.TryGetValue(net.Address.StartsWith("::ffff:", StringComparison.Ordinal) ? net.Address[7..] : net.Address, out var name)
            ? action with { NamedSubject = $"{name}:{net.Port}" }
            : action;

    internal static bool IsAllowed(AllowanceSet allowances, ObservedAction action) => action.Kind switch
    {
        ActionKind.FileRead => allowances.AllowsRead(action.Subject),
        ActionKind.FileWrite or ActionKind.FileDelete => allowances.AllowsWrite(action.Subject),
        ActionKind.ProcessExec => allowances.AllowsProcess(action.Subject),
        ActionKind.NetworkConnect or ActionKind.NetworkSend =>
            allowances.AllowsConnect(action.Subject) || (action.NamedSubject is { } named && allowances.AllowsConnect(named)),
        ActionKind.NetworkListen => allowances.AllowsListen(action.Subject),
        ActionKind.DnsQuery => allowances.AllowsDns(action.Subject),
        _ => false,
    };

    internal static string GroupKey(GroupBy groupBy, string subject) => groupBy switch
    {
        GroupBy.Parent => ParentOf(subject),
        GroupBy.Name => subject[(subject.LastIndexOf('/') + 1)..],
        _ => subject,
    };

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private sealed class FindingGroup(BehaviourRule rule, string key, ObservedAction first)
    {
        private readonly List<ProbeEvent> _evidence = [];
        private readonly List<StepRef> _steps = [];
        private int _count;

        public BehaviourRule Rule { get; } = rule;

        public ObservedAction First { get; } = first;

        public void Add(ProbeEvent probeEvent)
        {
            _count++;
            if (probeEvent.Step is { } step && !_steps.Contains(step))
            {
                _steps.Add(step);
            }

            if (_evidence.Count < MaxEvidencePerFinding && !_evidence.Contains(probeEvent))
            {
                _evidence.Add(probeEvent);
            }
        }

        public Finding ToFinding(Phase phase)
        {
            var subject = Rule.GroupBy == GroupBy.Parent ? key : First.Shown;
            var message = Rule.Message
                .Replace("{subject}", subject, StringComparison.Ordinal)
                .Replace("{process}", First.Event.Process, StringComparison.Ordinal)
                .Replace("{count}", _count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{argv}", First.Event is ProcessExecEvent exec ? CommandLine.Format(exec.Argv) : subject, StringComparison.Ordinal);
            return new Finding(Rule.Id, Rule.Severity, phase, message, _evidence, _count) { Steps = _steps };
        }
    }
}
