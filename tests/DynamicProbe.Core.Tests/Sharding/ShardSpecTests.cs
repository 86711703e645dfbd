using DynamicProbe.Core.Sharding;

namespace DynamicProbe.Core.Tests.Sharding;

public sealed class ShardSpecTests
{
    [TestCase("1/1", 1, 1)]
    [TestCase("2/3", 2, 3)]
    [TestCase("12/12", 12, 12)]
    public void KOfNIsRead(string text, int index, int count)
    {
        Assert.That(ShardSpec.TryParse(text, out var shard, out var problem), Is.True, problem);
        Assert.That(shard, Is.EqualTo(new ShardSpec(index, count)));
        Assert.That(shard!.ToString(), Is.EqualTo(text));
    }

    [TestCase("3/2", "K must be from 1 to 2", "--shard 2/2")]
    [TestCase("0/3", "K must be from 1 to 3", "--shard 1/3")]
    [TestCase("1/0", "N, the number of shards, must be 1 or more", "--shard 1/2")]
    [TestCase("2", "expected K/N", "2/3")]
    [TestCase("1/2/3", "expected K/N", "2/3")]
    [TestCase("a/b", "expected K/N", "2/3")]
    [TestCase("+1/2", "expected K/N", "2/3")]
    [TestCase(" 1/2", "expected K/N", "2/3")]
    [TestCase("-1/2", "expected K/N", "2/3")]
    public void AnythingElseIsRefusedWithTheFix(string text, string what, string fix)
    {
        Assert.That(ShardSpec.TryParse(text, out var shard, out var problem), Is.False);
        Assert.That(shard, Is.Null);
        Assert.That(problem, Does.StartWith("--shard ").And.Contain(text).And.Contain(what).And.Contain(fix));
    }
}
