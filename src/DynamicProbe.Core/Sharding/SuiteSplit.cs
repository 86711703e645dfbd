using System.Security.Cryptography;
using System.Text;
using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Sharding;

/// <summary>
/// Splits a suite into shards by scenario name: names are unique within a run and say nothing of where the checkout
/// lives, which folder the run started in or how the paths were spelled, so every machine makes the same split. The
/// names are sorted and dealt round-robin (the first to shard 1, the second to shard 2, …): shard sizes differ by at
/// most one, and scenarios whose names sort together (often alike in cost) spread across shards.
/// </summary>
public static class SuiteSplit
{
    public static ShardOfSuite Split(IReadOnlyList<Scenario> suite, ShardSpec shard)
    {
        var names = suite.Select(s => s.Name).ToList();
        var mine = NamesOf(names, shard);
        return new ShardOfSuite(
            [.. suite.Where(s => mine.Contains(s.Name))],
            new ShardDocument(shard.Index, shard.Count, Describe(names)));
    }

    /// <summary>The names of <paramref name="suiteNames"/> that shard <paramref name="shard"/> runs.</summary>
    public static IReadOnlySet<string> NamesOf(IEnumerable<string> suiteNames, ShardSpec shard) =>
        suiteNames.Order(StringComparer.Ordinal)
            .Where((_, position) => position % shard.Count == shard.Index - 1)
            .ToHashSet(StringComparer.Ordinal);

    /// <param name="namesInRunOrder">Every scenario of the suite, in the order one run of it reports them.</param>
    public static SuiteDocument Describe(IReadOnlyList<string> namesInRunOrder) =>
        new(namesInRunOrder.Count, Hash(namesInRunOrder), namesInRunOrder);

    /// <summary>The suite's identity: SHA-256 of its sorted names, one a line; the order the paths were given in does not count.</summary>
    public static string Hash(IEnumerable<string> names)
    {
        var lines = string.Concat(names.Order(StringComparer.Ordinal).Select(name => name + "\n"));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines)));
    }
}
