using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class OwnerIdentityTests
{
    [Test]
    public void The_start_time_is_field_22_even_when_the_command_name_holds_parentheses_and_spaces()
    {
        const string stat = "4242 (we ird) (x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 100 ...";

        Assert.That(OwnerIdentity.ParseStartTime(stat), Is.EqualTo(987654));
    }

    [Test]
    public void This_process_is_alive_and_a_recycled_pid_is_not()
    {
        var me = OwnerIdentity.Current();

        Assert.That(me.IsAlive(), Is.True);
        Assert.That((me with { StartTime = me.StartTime + 1 }).IsAlive(), Is.False);
        Assert.That(new OwnerIdentity(int.MaxValue - 1, 1).IsAlive(), Is.False);
    }

    [TestCase("12:345", 12, 345L)]
    [TestCase(" 12:345\n", 12, 345L)]
    public void The_label_form_round_trips(string text, int pid, long start)
    {
        var parsed = OwnerIdentity.TryParse(text);

        Assert.That(parsed, Is.EqualTo(new OwnerIdentity(pid, start)));
        Assert.That(parsed!.ToString(), Is.EqualTo($"{pid}:{start}"));
    }

    [TestCase("")]
    [TestCase("12")]
    [TestCase("a:b")]
    [TestCase("-1:5")]
    [TestCase("1:2:3")]
    public void Garbled_owners_are_not_parsed(string text) => Assert.That(OwnerIdentity.TryParse(text), Is.Null);
}
