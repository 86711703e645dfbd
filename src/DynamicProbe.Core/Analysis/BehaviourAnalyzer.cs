using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Checks a phase's recording against what the phase is allowed to do: every action no allowance covers becomes
/// part of a finding named by the first matching rule, grouped as the rule's <c>group_by</c> says
/// (<see cref="FindingGrouping"/>).
/// </summary>
public sealed class BehaviourAnalyzer(RuleBook rules)
{
    /// <summary>
    /// Distinct actions kept as evidence per finding; the finding still counts every occurrence. Room for a whole
    /// home folder's wipe, now one finding rather than one per folder, while a flood stays bounded.
    /// </summary>
    public const int MaxEvidencePerFinding = 100;

    /// <summary>The rules findings are named by.</summary>
    public RuleBook Rules => rules;

    public IReadOnlyList<Finding> Analyze(PhaseRecording recording, Expectations allowed)
    {
        var allowances = new AllowanceSet(allowed);
        var unexpected = new List<(BehaviourRule Rule, ObservedAction Action)>();
        foreach (var action in Actions(recording))
        {
            if (IsAllowed(allowances, action))
            {
                continue;
            }

            unexpected.Add((rules.RuleFor(action), action));
        }

        return FindingGroup.Findings(recording.Phase, FindingGrouping.Of(recording, unexpected));
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
}
