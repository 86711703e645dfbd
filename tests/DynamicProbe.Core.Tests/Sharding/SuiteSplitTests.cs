using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Sharding;
using DynamicProbe.Core.Tests.Baselines;

namespace DynamicProbe.Core.Tests.Sharding;

public sealed class SuiteSplitTests
{
    private static readonly string[] Names = ["orders", "alpha", "zeta", "beta", "hello", "delta", "gamma"];

    [Test]
    public void SortedNamesAreDealtRoundRobin()
    {
        // Sorted: alpha beta delta gamma hello orders zeta.
        Assert.That(SuiteSplit.NamesOf(Names, new ShardSpec(1, 3)), Is.EquivalentTo(new[] { "alpha", "gamma", "zeta" }));
        Assert.That(SuiteSplit.NamesOf(Names, new ShardSpec(2, 3)), Is.EquivalentTo(new[] { "beta", "hello" }));
        Assert.That(SuiteSplit.NamesOf(Names, new ShardSpec(3, 3)), Is.EquivalentTo(new[] { "delta", "orders" }));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    [TestCase(10)]
    public void EveryScenarioFallsToExactlyOneShardAndSizesDifferByAtMostOne(int count)
    {
        var shards = Enumerable.Range(1, count).Select(k => SuiteSplit.NamesOf(Names, new ShardSpec(k, count))).ToList();

        Assert.That(shards.SelectMany(s => s), Is.EquivalentTo(Names));
        Assert.That(shards.Max(s => s.Count) - shards.Min(s => s.Count), Is.LessThanOrEqualTo(1));
    }

    [Test]
    public void TheSplitIsTheSameWhereverTheCheckoutLivesAndInWhateverOrderThePathsCame()
    {
        var here = Suite("/home/dev/dynamicprobe/scenarios", Names);
        var runner = Suite("/runner/_work/x/x/scenarios", [.. Names.Reverse()]);

        for (var k = 1; k <= 3; k++)
        {
            var a = SuiteSplit.Split(here, new ShardSpec(k, 3));
            var b = SuiteSplit.Split(runner, new ShardSpec(k, 3));
            Assert.That(a.Scenarios.Select(s => s.Name), Is.EquivalentTo(b.Scenarios.Select(s => s.Name)));
            Assert.That(a.Document.Suite.Hash, Is.EqualTo(b.Document.Suite.Hash));
        }
    }

    [Test]
    public void AShardKeepsTheSuitesRunOrderAndRecordsTheWholeSuite()
    {
        var suite = Suite("/s", Names);

        var shard = SuiteSplit.Split(suite, new ShardSpec(1, 3));

        Assert.That(shard.Scenarios.Select(s => s.Name), Is.EqualTo(new[] { "alpha", "zeta", "gamma" }));
        Assert.That(shard.Scenarios.Select(s => s.FilePath), Is.EqualTo(new[] { "/s/alpha.yaml", "/s/zeta.yaml", "/s/gamma.yaml" }));
        Assert.That(shard.Document.Index, Is.EqualTo(1));
        Assert.That(shard.Document.Count, Is.EqualTo(3));
        Assert.That(shard.Document.Suite.Scenarios, Is.EqualTo(7));
        Assert.That(shard.Document.Suite.Order, Is.EqualTo(Names));
    }

    [Test]
    public void AShardBeyondTheSuiteIsEmptyButStillNamesTheSuite()
    {
        var shard = SuiteSplit.Split(Suite("/s", ["one", "two"]), new ShardSpec(3, 3));

        Assert.That(shard.Scenarios, Is.Empty);
        Assert.That(shard.Document.Suite.Order, Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void TheSuiteHashIsOfTheSortedNames()
    {
        Assert.That(SuiteSplit.Hash(["b", "a"]), Is.EqualTo(SuiteSplit.Hash(["a", "b"])));
        Assert.That(SuiteSplit.Hash(["a", "b"]), Is.Not.EqualTo(SuiteSplit.Hash(["a", "c"])));
        Assert.That(SuiteSplit.Hash(["a", "b"]), Is.Not.EqualTo(SuiteSplit.Hash(["a"])));

        // printf 'a\nb\n' | sha256sum
        Assert.That(SuiteSplit.Hash(["a", "b"]), Is.EqualTo("sha256:911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2"));
    }

    private static List<Scenario> Suite(string folder, IEnumerable<string> names) =>
        [.. names.Select(name => BaselineRecordings.Scenario($"{folder}/{name}.yaml") with { Name = name })];
}
