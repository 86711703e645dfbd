using DynamicProbe.Core.Events;
using DynamicProbe.Core.Policy;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Which finding each unexpected action of a phase joins: the rule that named it and the key its <c>group_by</c>
/// gives. A directory listing that only served a deletion joins that deletion's finding instead of making one of
/// its own: an open with O_DIRECTORY, by a process that deleted in that finding, of the folder the finding deleted in
/// or of a folder inside a tree it removed, and named by a rule no more severe than the deletion's. Every other read
/// stays where its own rule puts it.
/// </summary>
public sealed class FindingGrouping
{
    private const int DirectoryFlag = 0x10000;

    private FindingGrouping(DeletedTrees trees, IReadOnlyList<Member> members)
    {
        Trees = trees;
        Members = members;
    }

    /// <param name="Listing">A directory listing folded into a deletion's finding.</param>
    public sealed record Member(BehaviourRule Rule, string Key, ObservedAction Action, bool Listing);

    public DeletedTrees Trees { get; }

    /// <summary>Every action given, in the order given.</summary>
    public IReadOnlyList<Member> Members { get; }

    public static FindingGrouping Of(PhaseRecording recording, IEnumerable<(BehaviourRule Rule, ObservedAction Action)> unexpected)
    {
        var trees = DeletedTrees.In(recording.Events);
        var members = unexpected.Select(u => new Member(u.Rule, KeyOf(trees, u.Rule.GroupBy, u.Action), u.Action, Listing: false)).ToList();
        var deleters = members
            .Where(m => m.Rule.GroupBy == GroupBy.Tree && m.Action.Kind == ActionKind.FileDelete)
            .GroupBy(m => m.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(m => m.Rule).Select(r => (Rule: r.Key, Pids: r.Select(m => m.Action.Event.Pid).ToHashSet())).ToList(), StringComparer.Ordinal);
        return new FindingGrouping(trees, [.. members.Select(m => Served(m, trees, deleters) ?? m)]);
    }

    /// <summary>The key <paramref name="groupBy"/> gives an action, with the phase's removed folders known.</summary>
    public static string KeyOf(DeletedTrees trees, GroupBy groupBy, ObservedAction action)
    {
        var subject = action.NamedSubject ?? action.Subject;
        return groupBy switch
        {
            GroupBy.Parent => DeletedTrees.ParentOf(subject),
            GroupBy.Name => subject[(subject.LastIndexOf('/') + 1)..],
            GroupBy.Tree => DeletedTrees.ParentOf(trees.RootOf(subject) ?? subject),
            GroupBy.Domain => RegisteredDomain.Of(subject),
            _ => subject,
        };
    }

    /// <summary>The listing as a member of the deletion finding it served; null when it is not such a listing.</summary>
    private static Member? Served(Member member, DeletedTrees trees, Dictionary<string, List<(BehaviourRule Rule, HashSet<int> Pids)>> deleters)
    {
        if (member.Action is not { Kind: ActionKind.FileRead, Event: FileEvent { Operation: FileOperation.Read } read }
            || (read.Flags & DirectoryFlag) == 0)
        {
            return null;
        }

        // Inside a removed tree: the finding of that tree; else the finding that deleted in this very folder.
        var key = trees.RootOf(read.Path) is { } root ? DeletedTrees.ParentOf(root) : read.Path;
        if (!deleters.TryGetValue(key, out var candidates))
        {
            return null;
        }

        var deletion = candidates
            .Where(c => c.Pids.Contains(read.Pid) && c.Rule.Severity >= member.Rule.Severity)
            .OrderByDescending(c => c.Rule.Severity)
            .Select(c => c.Rule)
            .FirstOrDefault();
        return deletion is null ? null : member with { Rule = deletion, Key = key, Listing = true };
    }
}
