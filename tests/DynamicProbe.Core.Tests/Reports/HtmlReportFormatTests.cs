using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Html;

namespace DynamicProbe.Core.Tests.Reports;

/// <summary>The HTML report parsed by a real HTML5 parser (AngleSharp), as a browser would build its DOM.</summary>
public sealed class HtmlReportFormatTests
{
    [Test]
    public async Task ThePageLoadsNothingAndRunsNothing()
    {
        var page = await Render();

        var csp = page.QuerySelector("meta[http-equiv='Content-Security-Policy']")?.GetAttribute("content");
        Assert.That(csp, Is.EqualTo("default-src 'none'; style-src 'unsafe-inline'"));
        Assert.That(page.QuerySelectorAll("script, img, iframe, object, embed, link, base, form"), Is.Empty);
        Assert.That(page.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.Ordinal) || a.Name == "src"), Is.Empty);
        Assert.That(page.QuerySelectorAll("a").Select(a => a.GetAttribute("href")), Is.All.StartsWith("#"));
    }

    [Test]
    public async Task HostileStringsStayTextEvenTheInvisibleOnes()
    {
        var page = await Render();

        var evidence = page.QuerySelector("#finding-0-0 .evidence li")!.TextContent;
        Assert.That(evidence, Does.Contain(ReportSamples.Markup).And.Contain("invoice\\u202etxt.exe").And.Contain("\\x1b[31mred").And.Contain("name\\xff"));
        var text = page.Body!.TextContent;
        Assert.That(text, Does.Not.Contain("\u202E").And.Not.Contain("\u001b"));
        Assert.That(text.Any(char.IsSurrogate), Is.False, "a byte that was not UTF-8 shows as its escape");
        Assert.That(page.QuerySelector("#scenario-0 h2")!.TextContent, Does.StartWith("dropper invoice\\u202etxt.exe"));
    }

    [Test]
    public async Task TheSummaryHasTheExitCodeFailOnAndCountsByVerdict()
    {
        var page = await Render();

        Assert.That(page.QuerySelector("#exit-code")!.TextContent, Is.EqualTo("2"));
        Assert.That(page.QuerySelector("#fail-on")!.TextContent, Is.EqualTo("low"));
        Assert.That(new[] { "clean", "findings", "inconclusive", "error" }.Select(v => page.QuerySelector($".count-{v} b")!.TextContent), Is.EqualTo(new[] { "1", "1", "1", "1" }));
        var rows = page.QuerySelectorAll("table.verdicts tbody tr").Select(Cells).Select(r => (r[0], r[1])).ToList();
        Assert.That(rows, Is.EqualTo(new[] { ("dropper invoice\\u202etxt.exe", "findings"), ("broken", "error"), ("unsure", "inconclusive"), ("benign", "clean") }));
    }

    [Test]
    public async Task AFindingShowsItsRuleTechniqueSeverityStepAndEvidenceWithRepeats()
    {
        var page = await Render();

        var shell = page.QuerySelector("#finding-0-0")!;
        Assert.That(shell.QuerySelector(".rule")!.TextContent, Is.EqualTo("shell-spawned"));
        Assert.That(shell.QuerySelector(".technique")!.TextContent, Is.EqualTo("ATT&CK T1059.004"));
        Assert.That(shell.QuerySelector(".sev")!.TextContent, Is.EqualTo("high"));
        Assert.That(shell.QuerySelector(".fails"), Is.Not.Null);
        Assert.That(shell.QuerySelector(".steps")!.TextContent, Is.EqualTo("During steps[0] run line 11"));
        var read = page.QuerySelector("#finding-0-2")!;
        Assert.That(read.QuerySelector(".evidence li")!.TextContent, Does.Contain("pid 12 /bin/cat: read /etc/hostname").And.EndsWith("×3"));
        Assert.That(read.QuerySelector(".fails"), Is.Null, "an info note never fails the run");
        Assert.That(page.QuerySelector("#finding-0-1 .omitted")!.TextContent, Does.StartWith("2 more occurrence(s)"));
        Assert.That(page.QuerySelector("#scenario-0 .silenced")!.TextContent, Does.Contain("expect.processes[0] '/bin/cat'"));
    }

    [Test]
    public async Task TheTimelineListsEachStepWithItsBoundsFindingsAndEvents()
    {
        var page = await Render();

        var steps = page.QuerySelectorAll("#scenario-0 table.timeline tr.step").Select(Cells).ToList();
        Assert.That(steps.Select(s => s[0]), Is.EqualTo(new[] { "steps[0] run line 11", "steps[1] http line 14" }));
        Assert.That(steps.Select(s => s[1]), Is.EqualTo(new[] { "+0.000 s · 275 ms", "+0.280 s · 40 ms" }));
        Assert.That(steps.Select(s => s[3]), Is.EqualTo(new[] { "shell-spawned, unexpected-file-read", "unexpected-dns" }));
        Assert.That(steps.Select(s => (s[4], s[5])), Is.EqualTo(new[] { ("3", "0"), ("0", "3") }), "processes started and network actions in each step");
        Assert.That(page.QuerySelector("#scenario-0 table.timeline a")!.GetAttribute("href"), Is.EqualTo("#finding-0-0"));
    }

    [Test]
    public async Task TheProcessTreeNestsChildrenUnderTheirParents()
    {
        var page = await Render();

        var root = page.QuerySelector("#scenario-0 ul.tree > li")!;
        var child = root.QuerySelector(":scope > ul > li")!;
        var grandchild = child.QuerySelector(":scope > ul > li")!;
        Assert.That(root.QuerySelector(".pid")!.TextContent, Is.EqualTo("pid 10"));
        Assert.That(child.QuerySelector("code")!.TextContent, Does.StartWith("/bin/sh -c '<script>"));
        Assert.That(grandchild.TextContent, Does.Contain("pid 12").And.Contain("cat /etc/hostname").And.Contain("exit 1"));
        Assert.That(page.QuerySelectorAll("#scenario-0 .omitted").Select(o => o.TextContent), Has.Some.StartsWith("4 more process(es)").And.Some.StartsWith("1 more network action(s)"));
    }

    [Test]
    public async Task TheNetworkTableHasEveryRowWithItsDestinationAndResult()
    {
        var page = await Render();

        var rows = page.QuerySelectorAll("#scenario-0 table.network tbody tr").Select(Cells).ToList();
        Assert.That(rows.Select(r => (r[1], r[3], r[4], r[5], r[8])), Is.EqualTo(new[]
        {
            ("steps[1] http", "dns", "dns", "", "A 198.18.0.9"),
            ("steps[1] http", "connect", "ipv4", "203.0.113.7:443", "ENETUNREACH"),
            ("steps[1] http", "capture", "tcp", "198.18.0.9:443", "caught, first bytes kept"),
        }));
        Assert.That(rows[2][6], Is.EqualTo(ReportSamples.Markup + ".example.com (SNI invoice\\u202etxt.exe)"));
        Assert.That((rows[2][2], rows[2][7]), Is.EqualTo(("unknown", "517")));
    }

    [Test]
    public async Task ProblemsKeepTheirLinesAndShowEscapes()
    {
        var page = await Render();

        var problem = page.QuerySelector("#scenario-1 .problems li")!;
        Assert.That(problem.QuerySelectorAll("br"), Has.Length.EqualTo(2));
        Assert.That(problem.TextContent, Is.EqualTo("the build of src/Broken.csproj failed:error CS1002: ; expected\\x1b[31mred"));
    }

    private static List<string> Cells(IElement row) => [.. row.Children.Select(c => c.TextContent)];

    private static async Task<IDocument> Render()
    {
        using var stream = new MemoryStream();
        await new HtmlReportFormat().WriteAsync(ReportSamples.Document(Severity.Low), stream, CancellationToken.None);
        return await new HtmlParser().ParseDocumentAsync(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
