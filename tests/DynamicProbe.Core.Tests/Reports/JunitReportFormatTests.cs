using System.Text;
using System.Xml.Linq;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Junit;

namespace DynamicProbe.Core.Tests.Reports;

public sealed class JunitReportFormatTests
{
    [Test]
    public async Task TheReportIsValidAgainstJenkinsJunitSchema()
    {
        var xml = await Render(Severity.Low);

        Assert.That(JunitSchema.Problems(xml), Is.Empty, xml);
    }

    [Test]
    public void TheSchemaRejectsATestCaseWithoutAName()
    {
        var problems = JunitSchema.Problems("""<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase classname="c"/></testsuite></testsuites>""");

        Assert.That(problems, Has.Some.Contains("name"));
    }

    [Test]
    public async Task EachScenarioIsATestCaseNamedByItsFolderAndFile()
    {
        var cases = TestCases(await Render(Severity.Low));

        Assert.That(cases.Select(c => ((string?)c.Attribute("classname"), (string?)c.Attribute("name"), (string?)c.Attribute("time"))), Is.EqualTo(new[]
        {
            ((string?)"examples.dropper", (string?)"dropper invoice\\u202etxt.exe", (string?)"3.21"),
            ("scenarios.broken", "broken", "1"),
            ("scenarios.unsure", "unsure", "2"),
            ("benign", "benign", "1.5"),
        }));
    }

    [Test]
    public async Task EachFindingThatFailsTheRunIsAFailureWithItsRuleAndEvidence()
    {
        var dropper = TestCases(await Render(Severity.Medium))[0];

        var failures = dropper.Elements("failure").ToList();
        Assert.That(failures.Select(f => (string?)f.Attribute("type")), Is.EqualTo(new[] { "shell-spawned", "unexpected-dns" }));
        Assert.That((string?)failures[0].Attribute("message"), Does.StartWith("shell-spawned: started a shell: /bin/sh -c <script>"));
        Assert.That(failures[0].Value, Does.Contain("severity high").And.Contain("ATT&CK T1059.004").And.Contain("during steps[0] run line 11")
            .And.Contain("pid 11 /app/Dropper: exec /bin/sh argv: /bin/sh -c '<script>"));
        Assert.That(failures[1].Value, Does.Contain("2 more occurrence(s) counted but not kept"));
        Assert.That(dropper.Element("error"), Is.Null);
    }

    [Test]
    public async Task FindingsBelowFailOnAndSilencedOnesAreOnlyNotedInSystemOut()
    {
        var dropper = TestCases(await Render(Severity.High))[0];

        Assert.That(dropper.Elements("failure").Select(f => (string?)f.Attribute("type")), Is.EqualTo(new[] { "shell-spawned" }));
        var output = dropper.Element("system-out")!.Value;
        Assert.That(output, Does.Contain("does not fail the run): medium unexpected-dns").And.Contain("does not fail the run): info unexpected-file-read")
            .And.Contain("silenced: unexpected-process: started cat (1x), by expect.processes[0] '/bin/cat'"));
    }

    [Test]
    public async Task ErrorAndInconclusiveVerdictsAreErrorsNeverGreen()
    {
        var xml = await Render(Severity.Low);
        var cases = TestCases(xml);

        var broken = cases[1].Element("error")!;
        Assert.That(((string?)broken.Attribute("type"), (string?)broken.Attribute("message")), Is.EqualTo(("error", "error: the build of src/Broken.csproj failed:\\nerror CS1002: ; expected\\n\\x1b[31mred")));
        Assert.That(broken.Value, Is.EqualTo("the build of src/Broken.csproj failed:\nerror CS1002: ; expected\n\\x1b[31mred"));
        var unsure = cases[2].Element("error")!;
        Assert.That(((string?)unsure.Attribute("type"), (string?)unsure.Attribute("message")), Is.EqualTo(("inconclusive", "inconclusive: run phase: the monitor lost 3 events")));
        Assert.That(cases[3].Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "system-out" }), "a clean scenario passes");
        var suite = XDocument.Parse(xml).Root!.Element("testsuite")!;
        Assert.That(new[] { "tests", "failures", "errors" }.Select(a => (string?)suite.Attribute(a)), Is.EqualTo(new[] { "4", "1", "2" }));
    }

    [Test]
    public async Task HostileTextIsInertAndTheXmlStaysWellFormed()
    {
        var xml = await Render(Severity.Low);

        Assert.That(xml, Does.Not.Contain("\u202E").And.Not.Contain("\u001b").And.Not.Contain("<script>"));
        var evidence = TestCases(xml)[0].Element("failure")!.Value;
        Assert.That(evidence, Does.Contain("<script>alert(1)</script>").And.Contain("invoice\\u202etxt.exe").And.Contain("\\x1b[31mred").And.Contain("name\\xff"));
    }

    private static List<XElement> TestCases(string xml) => [.. XDocument.Parse(xml).Descendants("testcase")];

    private static async Task<string> Render(Severity failOn)
    {
        using var stream = new MemoryStream();
        await new JunitReportFormat().WriteAsync(ReportSamples.Document(failOn), stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
