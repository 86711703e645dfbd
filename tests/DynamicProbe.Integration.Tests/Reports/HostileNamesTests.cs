using System.Globalization;
using System.Text.Json;
using DynamicProbe.Core.Reports;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Reports;

/// <summary>
/// A target that attacks the report through what it quotes, end to end (real Docker, the real monitor, the real CLI):
/// a shell in the sandbox creates files named with a forged summary line and a terminal escape, a right-to-left
/// override, the byte 0xFF and the text <c>\xff</c>. The console must show every name inertly, and the JSON must keep
/// each exactly, the byte and the text as two findings.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileNamesTests
{
    private const string Markup = "<img src=x onerror=alert(1)>";
    private const string ForgedSummary = "1 scenario(s): 1 clean, 0 FINDINGS, 0 INCONCLUSIVE, 0 ERROR. Exit code 0 (Clean).";

    private DirectoryInfo _folder = null!;
    private CliRun _run = null!;

    [OneTimeSetUp]
    public async Task RunTheHostileTarget()
    {
        _folder = Directory.CreateTempSubdirectory("dynamicprobe-names-test-");
        await File.WriteAllTextAsync(Path.Combine(_folder.FullName, "hostile-names.yaml"), $$"""
            version: 1
            name: hostile-names
            target:
              command:
                - /bin/sh
                - -c
                - |
                  cd /tmp
                  touch "x$(printf '\n{{ForgedSummary}}\n\033[8m')"
                  touch "$(printf '\342\200\256')gnp.exe"
                  touch "name$(printf '\377')"
                  touch 'name\xff'
                  touch '{{Markup}}'
            sandbox:
              network: none
              honeytokens: false
            steps:
              - run: { expect_exit: 0 }
            expect:
              processes: ["/usr/bin/touch"]
            """);
        _run = await CliRun.ExecuteAsync("run", _folder.FullName);
        TestContext.Progress.WriteLine(_run.Output);
        TestContext.Progress.WriteLine(_run.Error);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        _run.Report?.Dispose();
        _folder.Delete(recursive: true);
    }

    [Test]
    public void TheConsoleHasNoRawControlOrBidiCharacterFromTheTarget()
    {
        var hidden = _run.Output.Replace(Environment.NewLine, string.Empty, StringComparison.Ordinal)
            .Where(c => char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            .Select(c => ((int)c).ToString("x4", CultureInfo.InvariantCulture));

        Assert.That(hidden, Is.Empty, _run.Output);
    }

    [Test]
    public void TheConsoleHasNoForgedLineOnlyTheRealSummary()
    {
        var lines = _run.Output.Split(Environment.NewLine);

        Assert.That(_run.ExitCode, Is.EqualTo(1), _run.Error);
        Assert.That(lines.Where(l => l.StartsWith("1 scenario(s)", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "1 scenario(s): 0 clean, 1 FINDINGS, 0 INCONCLUSIVE, 0 ERROR. Exit code 1 (Findings)." }), _run.Output);
    }

    [Test]
    public void TheConsoleShowsEveryNameVisiblyAndTheByteApartFromTheText()
    {
        Assert.That(_run.Output, Does.Contain($@"wrote to /tmp/x\n{ForgedSummary}\n\x1b[8m"));
        Assert.That(_run.Output, Does.Contain(@"wrote to /tmp/\u202egnp.exe"));
        Assert.That(_run.Output, Does.Contain(@"wrote to /tmp/name\xff "));
        Assert.That(_run.Output, Does.Contain(@"wrote to /tmp/name\\xff "));
        Assert.That(_run.Output, Does.Contain($"wrote to /tmp/{Markup}"));
    }

    [Test]
    public void TheJsonKeepsEachNameExactlyAsItsOwnFinding()
    {
        var written = _run.Scenario("hostile-names").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "unexpected-file-write")
            .Select(f => f.GetProperty("evidence")[0].GetProperty("path").Deserialize<string>(JsonReportWriter.Options))
            .ToList();

        Assert.That(written, Is.EquivalentTo(new[]
        {
            $"/tmp/x\n{ForgedSummary}\n\u001b[8m",
            "/tmp/\u202egnp.exe",
            "/tmp/name\udcff",
            @"/tmp/name\xff",
            $"/tmp/{Markup}",
        }));
    }

    [Test]
    public async Task TheHtmlReportInChromiumShowsEveryNameAsInertText()
    {
        var page = await HeadlessChromium.RenderAsync(_run.Html!, CancellationToken.None);

        var written = page.QuerySelectorAll("article.finding").Where(a => a.QuerySelector(".rule")?.TextContent == "unexpected-file-write")
            .Select(a => a.QuerySelector(".message")!.TextContent).ToList();
        Assert.That(written, Is.EquivalentTo(new[]
        {
            $@"wrote to /tmp/x\n{ForgedSummary}\n\x1b[8m",
            @"wrote to /tmp/\u202egnp.exe",
            @"wrote to /tmp/name\xff",
            @"wrote to /tmp/name\\xff",
            $"wrote to /tmp/{Markup}",
        }));
        Assert.That(page.QuerySelectorAll("img, script"), Is.Empty, "the name did not become markup");
        Assert.That(page.Body!.TextContent.Where(c => (char.IsControl(c) && c != '\n') || char.IsSurrogate(c) || c == '\u202e'), Is.Empty);
    }
}
