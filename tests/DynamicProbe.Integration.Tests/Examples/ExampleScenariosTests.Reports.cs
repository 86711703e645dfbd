using System.Xml.Linq;
using AngleSharp.Dom;
using DynamicProbe.Integration.Tests.Reports;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>The examples run's JUnit report, and its HTML report as Debian's Chromium renders it.</summary>
public sealed partial class ExampleScenariosTests
{
    private IDocument _page = null!;

    private async Task OpenTheHtmlReportAsync() =>
        _page = await HeadlessChromium.RenderAsync(_run.Html ?? throw new InvalidOperationException($"no HTML report; exit {_run.ExitCode}, stderr: {_run.Error}"), CancellationToken.None);

    [Test]
    public void TheJunitReportHasATestCasePerScenarioAndAFailurePerFindingThatFailsTheRun()
    {
        var cases = XDocument.Parse(_run.Junit!).Descendants("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        var scenarios = _run.Report!.RootElement.GetProperty("scenarios").EnumerateArray().ToList();

        Assert.That(cases.Keys, Is.EquivalentTo(scenarios.Select(s => s.GetProperty("name").GetString())));
        foreach (var scenario in scenarios)
        {
            var failing = scenario.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("failsRun").GetBoolean()).Select(f => f.GetProperty("rule").GetString());
            var testCase = cases[scenario.GetProperty("name").GetString()!];
            Assert.That(testCase.Elements("failure").Select(f => (string?)f.Attribute("type")), Is.EqualTo(failing), testCase.ToString());
        }

        Assert.That((string?)cases["shell-dropper"].Attribute("classname"), Is.EqualTo("examples.shell-dropper"));
    }

    [Test]
    public void TheHtmlReportShowsEveryScenarioWithItsVerdictAndRunsNoScript()
    {
        var rows = _page.QuerySelectorAll("table.verdicts tbody tr").Select(r => (r.Children[0].TextContent, r.Children[1].TextContent));
        var verdicts = _run.Report!.RootElement.GetProperty("scenarios").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("verdict").GetString()!));

        Assert.That(rows, Is.EqualTo(verdicts));
        Assert.That(_page.QuerySelector("#exit-code")?.TextContent, Is.EqualTo("1"));
        Assert.That(_page.QuerySelectorAll("script"), Is.Empty);
    }

    [Test]
    public void TheHtmlReportShowsAFindingWithItsEvidenceAndItsStepInTheTimeline()
    {
        var section = HtmlSection("shell-dropper");
        var finding = section.QuerySelectorAll("article.finding").First(a => a.QuerySelector(".rule")?.TextContent == "shell-spawned");

        Assert.That(finding.QuerySelector(".evidence li")?.TextContent, Does.Contain("/app/ShellDropper: exec /bin/sh argv: /bin/sh -c 'id > /tmp/.cache-id; uname -a >> /tmp/.cache-id'"));
        Assert.That(finding.QuerySelector(".technique")?.TextContent, Does.StartWith("ATT&CK T1059"));
        var line = _run.Scenario("shell-dropper").GetProperty("steps")[0].GetProperty("line").GetInt32();
        var step = section.QuerySelectorAll("table.timeline tr.step").Single(r => r.Children[0].TextContent == $"steps[0] run line {line}");
        Assert.That(step.Children[3].TextContent, Does.Contain("shell-spawned"));
        Assert.That(step.Children[2].TextContent, Does.Contain("exited with code 0"));
    }

    [Test]
    public void TheHtmlReportNestsTheShellAndItsCommandsUnderTheProgram()
    {
        var processes = HtmlSection("shell-dropper").QuerySelectorAll("ul.tree li");
        var shell = processes.First(li => li.QuerySelector(":scope > code")?.TextContent.StartsWith("/bin/sh -c 'id", StringComparison.Ordinal) == true);

        Assert.That(shell.ParentElement?.ParentElement?.QuerySelector(":scope > code")?.TextContent, Is.EqualTo("/app/ShellDropper"));
        Assert.That(shell.QuerySelectorAll(":scope > ul > li > code").Select(c => c.TextContent), Is.EquivalentTo(new[] { "id", "uname -a" }));
    }

    [Test]
    public void TheHtmlReportListsTheLookupAndTheConnectionInTheNetworkTable()
    {
        var rows = HtmlSection("second-stage").QuerySelectorAll("table.network tbody tr").Select(r => r.Children.Select(c => c.TextContent).ToList()).ToList();

        Assert.That(rows, Has.Some.Matches<List<string>>(r => r[3] == "dns" && r[6] == "cdn.example.com" && r[8].StartsWith("A 198.", StringComparison.Ordinal)));
        Assert.That(rows, Has.Some.Matches<List<string>>(r => r[3] == "connect" && r[5].StartsWith("198.", StringComparison.Ordinal) && r[5].EndsWith(":80", StringComparison.Ordinal)));
    }

    /// <summary>A scenario's section, found through its link in the verdict table.</summary>
    private IElement HtmlSection(string name)
    {
        var link = _page.QuerySelectorAll("table.verdicts a").Single(a => a.TextContent == name).GetAttribute("href")!;
        return _page.QuerySelector(link)!;
    }
}
