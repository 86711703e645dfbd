using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class SignalNamesTests
{
    [TestCase("TERM", 15)]
    [TestCase("SIGTERM", 15)]
    [TestCase("int", 2)]
    [TestCase("KILL", 9)]
    [TestCase("10", 10)]
    [TestCase("BOGUS", null)]
    [TestCase("0", null)]
    [TestCase("99", null)]
    public void Names_map_to_linux_numbers(string name, int? number) => Assert.That(SignalNames.TryParse(name), Is.EqualTo(number));
}
