using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// Data carried in DNS names, the dots taken out: one name's labels, or the leading labels of several names under
/// one zone joined in the order they were asked. Each part remembers its query and the zone that follows it, so a
/// match can name the queries behind it and where they went.
/// </summary>
internal sealed record DnsDataStream(string Data, IReadOnlyList<DnsDataPart> Parts, bool AcrossQueries)
{
    /// <summary>The parts a match of <paramref name="length"/> characters at <paramref name="index"/> overlaps.</summary>
    public IReadOnlyList<DnsDataPart> PartsOf(int index, int length) =>
        [.. Parts.Where(p => p.Start < index + length && p.End > index)];
}

/// <summary>Characters [<paramref name="Start"/>, <paramref name="End"/>) of a stream, from <paramref name="Query"/>; <paramref name="Zone"/> is the rest of its name.</summary>
internal sealed record DnsDataPart(int Start, int End, DnsQueryEvent Query, string Zone);
