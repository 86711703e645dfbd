using System.Text;
using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// Builds the <see cref="DnsDataStream"/>s of a run's DNS queries. Every name is a stream of its own (a secret split
/// across labels of one name). Names are also joined per zone, in time order with repeats dropped (A and AAAA of the
/// same name, retries), for a secret sent in chunks over several queries: once per parent (the name without its first
/// label: <c>chunk.x.example.com</c>) and once per last two labels (<c>a.b.x.example.com</c>, the labels the names
/// share taken off as the zone), and again in the order of a chunk-number label when the names carry one.
/// </summary>
internal static class DnsDataStreams
{
    /// <summary>Bounds the names joined per zone: a DNS flood must not turn into an unbounded string.</summary>
    public const int MaxNamesPerZone = 4096;

    public static IEnumerable<DnsDataStream> Of(IEnumerable<DnsQueryEvent> queries)
    {
        var named = queries.Select(q => (Query: q, Labels: Labels(q.Name))).Where(q => q.Labels.Length > 0).ToList();
        foreach (var (query, labels) in named)
        {
            yield return SingleName(query, labels);
        }

        var byParent = named.Where(q => q.Labels.Length >= 3).GroupBy(q => Zone(q.Labels, 1), StringComparer.OrdinalIgnoreCase);
        var byDomain = named.Where(q => q.Labels.Length >= 3).GroupBy(q => Zone(q.Labels, q.Labels.Length - 2), StringComparer.OrdinalIgnoreCase);
        foreach (var group in byParent.Concat(byDomain))
        {
            if (Joined([.. group]) is { } stream)
            {
                yield return stream;
            }

            // Tunnels often number their chunks (chunk.0.zone, chunk.1.zone): join the data labels in that order.
            if (WithoutSequenceLabels([.. group]) is { } numbered && Joined(numbered) is { } sequenced)
            {
                yield return sequenced;
            }
        }
    }

    private static DnsDataStream SingleName(DnsQueryEvent query, string[] labels)
    {
        var data = new StringBuilder();
        var parts = new List<DnsDataPart>();
        for (var i = 0; i < labels.Length; i++)
        {
            parts.Add(new DnsDataPart(data.Length, data.Length + labels[i].Length, query, i + 1 < labels.Length ? Zone(labels, i + 1) : query.Name));
            data.Append(labels[i]);
        }

        return new DnsDataStream(data.ToString(), parts, AcrossQueries: false);
    }

    private static DnsDataStream? Joined(List<(DnsQueryEvent Query, string[] Labels)> group)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = group.Where(q => seen.Add(string.Join('.', q.Labels))).Take(MaxNamesPerZone).ToList();
        if (names.Count < 2)
        {
            return null;
        }

        var shared = names.Min(n => n.Labels.Length);
        var common = 0;
        while (common < shared && names.All(n => string.Equals(n.Labels[^(common + 1)], names[0].Labels[^(common + 1)], StringComparison.OrdinalIgnoreCase)))
        {
            common++;
        }

        var data = new StringBuilder();
        var parts = new List<DnsDataPart>();
        foreach (var (query, labels) in names)
        {
            var zone = Zone(labels, labels.Length - common);
            var text = string.Concat(labels[..^common]);
            if (text.Length > 0)
            {
                parts.Add(new DnsDataPart(data.Length, data.Length + text.Length, query, zone));
                data.Append(text);
            }
        }

        return parts.Count < 2 ? null : new DnsDataStream(data.ToString(), parts, AcrossQueries: true);
    }

    /// <summary>
    /// The names with their one short decimal label taken out, in the order those numbers give; null unless every
    /// name has exactly one such label.
    /// </summary>
    private static List<(DnsQueryEvent Query, string[] Labels)>? WithoutSequenceLabels(List<(DnsQueryEvent Query, string[] Labels)> group)
    {
        var numbered = new List<(int Sequence, DnsQueryEvent Query, string[] Labels)>();
        foreach (var (query, labels) in group)
        {
            var sequence = labels.Where(IsSequenceLabel).ToList();
            if (sequence.Count != 1)
            {
                return null;
            }

            numbered.Add((int.Parse(sequence[0], System.Globalization.CultureInfo.InvariantCulture), query, [.. labels.Where(l => !IsSequenceLabel(l))]));
        }

        return [.. numbered.OrderBy(n => n.Sequence).Select(n => (n.Query, n.Labels))];
    }

    private static bool IsSequenceLabel(string label) => label.Length is > 0 and <= 6 && label.All(char.IsAsciiDigit);

    private static string[] Labels(string name) => name.Split('.', StringSplitOptions.RemoveEmptyEntries);

    private static string Zone(string[] labels, int from) => string.Join('.', labels[from..]);
}
