using System.Reflection;
using DynamicProbe.Core.Policy;

namespace DynamicProbe.Core.Tests.Rules;

public sealed class RuleHelpTests
{
    /// <summary>
    /// Every rule id a finding can carry: those of rules.yaml and every <c>const string …Rule</c> the analysis
    /// declares for the findings it makes in code (so a new one without help fails here).
    /// </summary>
    private static IEnumerable<string> EmittableIds() =>
        RuleBook.BuiltIn().Ids.Concat(typeof(RuleBook).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && f.Name.EndsWith("Rule", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!));

    [Test]
    public void EveryRuleIdTheCodeCanEmitHasATitleAndHelp()
    {
        var book = RuleBook.BuiltIn();
        var ids = EmittableIds().Distinct().ToList();

        Assert.That(ids, Has.Count.GreaterThan(30), "the ids were found");
        Assert.That(ids.Where(id => book.DescriptionOf(id) is null), Is.Empty, "rules without title and help in rules.yaml");
    }

    [Test]
    public void HelpSaysWhatTheBehaviourIsAndWhatToDoInWholeSentences()
    {
        foreach (var rule in RuleBook.BuiltIn().Descriptions)
        {
            Assert.Multiple(() =>
            {
                Assert.That(rule.Title, Is.Not.Empty.And.Not.EndsWith("."), rule.Id);
                Assert.That(rule.Description, Does.EndWith(".").And.Not.Contain("\n"), rule.Id);
                Assert.That(rule.Remedy, Does.EndWith(".").And.Not.Contain("\n"), rule.Id);
            });
        }
    }

    [Test]
    public void ARuleOfSeveralEntriesIsDescribedOnceWithAllItsTechniquesAndItsWorstSeverity()
    {
        var persistence = RuleBook.BuiltIn().DescriptionOf("persistence-write")!;

        Assert.That(persistence.Techniques, Does.Contain("T1546.004").And.Contain("T1098.004").And.Contain("T1136.001"));
        Assert.That(persistence.Severity, Is.EqualTo(Findings.Severity.Critical));
        Assert.That(RuleBook.BuiltIn().Descriptions.Count(d => d.Id == "persistence-write"), Is.EqualTo(1));
    }

    [Test]
    public void ASecondEntryOfAnIdMayNotDescribeItAgain()
    {
        const string yaml = """
            rules:
              - { id: any, on: [FileRead, FileWrite, FileDelete, ProcessExec, NetworkConnect, NetworkSend, NetworkListen, DnsQuery, PrivilegedCall], subjects: [/a], severity: low, message: "m", title: "A", help: "What.\n\nDo." }
              - { id: any, on: [FileRead, FileWrite, FileDelete, ProcessExec, NetworkConnect, NetworkSend, NetworkListen, DnsQuery, PrivilegedCall], severity: low, message: "m", title: "B", help: "What.\n\nDo." }
            """;

        Assert.That(() => RuleBook.Parse(yaml), Throws.InvalidOperationException.With.Message.Contains("only its first entry"));
    }
}
