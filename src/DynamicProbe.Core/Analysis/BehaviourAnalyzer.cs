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

    /// <summary>Every allowance trusted as the sandbox's own machinery: no always-on rule overrides it.</summary>
    public IReadOnlyList<Finding> Analyze(PhaseRecording recording, Expectations allowed) =>
        Analyze(recording, PhasePolicy.AllTrusted(allowed)).Findings;

    /// <summary>
    /// An action the machinery allows is left alone. Otherwise its first matching rule decides: an always-on rule
    /// fires unless an exact <c>expect</c> entry or <c>allow_rules</c> silences it (the scenario's own processes
    /// excepted, see <see cref="ScenarioProcesses"/>); any other rule fires only when <c>expect</c> does not allow the
    /// action, and <c>allow_rules</c> silences it too.
    /// </summary>
    public PhaseFindings Analyze(PhaseRecording recording, PhasePolicy policy)
    {
        var machinery = new AllowanceSet(policy.Machinery);
        var expected = new AllowanceSet(policy.Expect);
        var written = new HashSet<string>(StringComparer.Ordinal);
        var unexpected = new List<(BehaviourRule Rule, ObservedAction Action)>();
        var silenced = new List<(BehaviourRule Rule, ObservedAction Action, string Reason, int? Line)>();
        foreach (var (action, byScenario) in ActionsOf(recording))
        {
            var writtenEarlier = action.Kind == ActionKind.ProcessExec && written.Contains(action.Subject);
            if (action is { Kind: ActionKind.FileWrite, Event: FileEvent { Succeeded: true } })
            {
                written.Add(action.Subject);
            }

            if (IsAllowed(machinery, action))
            {
                continue;
            }

            var rule = rules.RuleFor(action, writtenEarlier);
            var alwaysOn = rule.AlwaysOn && !byScenario;
            if (!alwaysOn && IsAllowed(expected, action))
            {
                continue;
            }

            if (SilencedBy(policy, rule, action, alwaysOn) is { } reason)
            {
                silenced.Add((rule, action, reason.Reason, reason.Line));
            }
            else
            {
                unexpected.Add((rule, action));
            }
        }

        var findings = FindingGroup.Findings(recording.Phase, FindingGrouping.Of(recording, unexpected));
        var silencedFindings = silenced
            .GroupBy(s => (s.Reason, s.Line))
            .SelectMany(byReason => FindingGroup.Findings(recording.Phase, FindingGrouping.Of(recording, byReason.Select(s => (s.Rule, s.Action))))
                .Select(f => new SilencedFinding(f, byReason.Key.Reason) { Line = byReason.Key.Line }));
        return new PhaseFindings(findings, [.. silencedFindings]);
    }

    /// <summary>Every action of a recording, endpoints the sandbox's DNS gave out named by their names.</summary>
    public static IEnumerable<ObservedAction> Actions(PhaseRecording recording) => ActionsOf(recording).Select(a => a.Action);

    /// <summary>
    /// Every action, with whether it is the scenario's own doing (<see cref="ScenarioProcesses"/>); a path through a
    /// symbolic link made earlier in the phase is also the file it reaches (the same action again, with that file as
    /// its subject and the path the program named as <see cref="ObservedAction.Via"/>).
    /// </summary>
    private static IEnumerable<(ObservedAction Action, bool ByScenario)> ActionsOf(PhaseRecording recording)
    {
        var names = NamesByAddress(recording);
        var links = new SymlinkAliases();
        var scenarioProcesses = new ScenarioProcesses();
        foreach (var probeEvent in recording.Events)
        {
            var byScenario = scenarioProcesses.IsScenarios(probeEvent);
            foreach (var action in ActionExtractor.Extract(probeEvent).Select(a => WithName(a, names)))
            {
                yield return (action, byScenario);
                if (IsPath(action.Kind) && links.Resolve(action.Subject, FollowsLastLink(probeEvent)) is { } target)
                {
                    yield return (action with { Subject = target, Via = action.Subject }, byScenario);
                }
            }

            links.Observe(probeEvent);
        }
    }

    private static bool IsPath(ActionKind kind) =>
        kind is ActionKind.FileRead or ActionKind.FileWrite or ActionKind.FileDelete or ActionKind.ProcessExec;

    /// <summary>open, exec and chmod follow a link in the last component; unlink, rename, mkdir, symlink and link do not.</summary>
    private static bool FollowsLastLink(ProbeEvent probeEvent) =>
        probeEvent is ProcessExecEvent or FileEvent { Operation: FileOperation.Read or FileOperation.Write or FileOperation.Chmod };

    /// <summary>
    /// Why the scenario silences this action's finding, and the line of the entry where the scenario model keeps it;
    /// null when it does not.
    /// </summary>
    private static (string Reason, int? Line)? SilencedBy(PhasePolicy policy, BehaviourRule rule, ObservedAction action, bool alwaysOn)
    {
        if (policy.AllowRules.FirstOrDefault(a => a.Rule == rule.Id) is { } allowance)
        {
            return ($"allow_rules: {rule.Id} at {allowance.Location}", allowance.Location.Line);
        }

        return alwaysOn && ExactEntry(policy.Expect, action) is { } entry ? (entry, null) : null;
    }

    /// <summary>The <c>expect</c> entry naming exactly this action's subject (no wildcard), described for the report.</summary>
    private static string? ExactEntry(Expectations expect, ObservedAction action)
    {
        (string Field, IReadOnlyList<string> Entries)[] lists = action.Kind switch
        {
            ActionKind.FileRead => [("expect.files.read", expect.FilesRead), ("expect.files.write", expect.FilesWrite)],
            ActionKind.FileWrite or ActionKind.FileDelete => [("expect.files.write", expect.FilesWrite)],
            ActionKind.ProcessExec => [("expect.processes", expect.Processes)],
            ActionKind.NetworkConnect or ActionKind.NetworkSend => [("expect.network.connect", expect.Connect)],
            ActionKind.NetworkListen => [("expect.network.listen", expect.Listen)],
            ActionKind.DnsQuery => [("expect.network.dns", expect.Dns)],
            _ => [],
        };
        return lists
            .SelectMany(l => l.Entries.Where(e => IsExact(e, action)).Select(e => $"exact entry '{e}' in {l.Field}"))
            .FirstOrDefault();
    }

    private static bool IsExact(string entry, ObservedAction action) =>
        entry.IndexOfAny(['*', '?', '[', '{']) < 0 && (entry == action.Subject || entry == action.NamedSubject);

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
