using System.Globalization;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Policy;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// What one finding's actions add up to, for its message's <c>{summary}</c>: for deletions grouped by
/// <see cref="GroupBy.Tree"/>, the trees and items deleted with a sample and the folders listed on the way
/// (<c>the tree /home/probe/Documents (57 items, e.g. /home/probe/Documents/a.txt); listed 3 folders</c>); for lookups
/// grouped by <see cref="GroupBy.Domain"/>, the distinct names under the domain and whether their labels look
/// encoded (<c>32 distinct names under example.com (labels look encoded: hex), e.g. …</c>).
/// </summary>
public sealed class GroupSummary(GroupBy groupBy, string key, DeletedTrees trees)
{
    private const int TreesNamed = 3;

    private readonly List<string> _subjects = [];
    private readonly HashSet<string> _seen = new(groupBy == GroupBy.Domain ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

    /// <param name="listing">A directory listing folded into the finding (it only served the deletion).</param>
    public void Add(ObservedAction action, bool listing)
    {
        if (listing)
        {
            _listed.Add(action.Subject);
            return;
        }

        if (_seen.Add(action.Subject))
        {
            _subjects.Add(action.Subject);
        }

        if (action.Event is FileEvent { Succeeded: true })
        {
            _deleted.Add(action.Subject);
        }
    }

    /// <summary>The summary, or null when the grouping has none (the message then uses the subject).</summary>
    public string? Describe() => _subjects.Count == 0 ? null : groupBy switch
    {
        GroupBy.Tree => Deletions(key),
        GroupBy.Domain => Lookups(key),
        _ => null,
    };

    private string Deletions(string folder)
    {
        var deleted = _subjects.Where(_deleted.Contains).ToList();
        var refused = _subjects.Count - deleted.Count;
        var roots = deleted.Where(s => trees.RootOf(s) == s).ToList();
        var sample = deleted.FirstOrDefault(s => trees.RootOf(s) != s) ?? deleted.FirstOrDefault() ?? _subjects[0];
        var text = (deleted.Count, roots.Count) switch
        {
            (0, _) => $"nothing in {folder} ({Count(refused, "item")} refused, e.g. {sample})",
            (1, 0) => sample,
            (_, 1) when deleted.All(s => trees.RootOf(s) == roots[0]) => $"the tree {roots[0]} ({Count(deleted.Count, "item")}, e.g. {sample})",
            (_, 0) => $"{Count(deleted.Count, "item")} in {folder} (e.g. {sample})",
            _ => $"{Count(deleted.Count, "item")} in {folder}, among them the tree{(roots.Count == 1 ? string.Empty : "s")} {Named(roots)} (e.g. {sample})",
        };
        if (refused > 0 && deleted.Count > 0)
        {
            text += $"; {Count(refused, "more")} refused";
        }

        return _listed.Count == 0 ? text : $"{text}; listed {Count(_listed.Count, "folder")}";
    }

    private string Lookups(string domain)
    {
        if (_subjects.Count == 1)
        {
            return _subjects[0];
        }

        var encoded = EncodedLabels.Describe(_subjects, domain);
        return $"{_subjects.Count.ToString(CultureInfo.InvariantCulture)} distinct names under {domain}"
            + (encoded is null ? string.Empty : $" (labels look encoded: {encoded})")
            + $", e.g. {_subjects[0]}";
    }

    private static string Named(List<string> roots) =>
        roots.Count <= TreesNamed
            ? string.Join(", ", roots)
            : $"{string.Join(", ", roots.Take(TreesNamed))} and {(roots.Count - TreesNamed).ToString(CultureInfo.InvariantCulture)} more";

    private static string Count(int count, string noun) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 || noun == "more" ? string.Empty : "s")}";
}
