using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Policy;

namespace DynamicProbe.Core.Tests.Analysis;

public sealed class RuleBookTests
{
    [Test]
    public void BuiltInRulesCoverEveryKind()
    {
        var book = RuleBook.BuiltIn();
        var someEvent = new FileEvent(DateTimeOffset.UnixEpoch, 1, "x", FileOperation.Read, "/nowhere", 0);

        foreach (var kind in Enum.GetValues<ActionKind>())
        {
            Assert.That(book.RuleFor(new ObservedAction(kind, "/nowhere/at/all", someEvent)), Is.Not.Null, kind.ToString());
        }
    }

    [Test]
    public void RulesWithoutACatchAllAreRejected()
    {
        const string yaml = """
            rules:
              - id: only-reads
                on: [FileRead]
                severity: low
                message: "read {subject}"
            """;

        Assert.That(() => RuleBook.Parse(yaml), Throws.InvalidOperationException.With.Message.Contains("no catch-all"));
    }
}
