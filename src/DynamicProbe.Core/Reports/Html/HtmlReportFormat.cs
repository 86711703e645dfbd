using System.Globalization;
using System.Text;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports.Html;

/// <summary>
/// One self-contained HTML page from the JSON report's document: the summary (exit code, fail-on, counts by verdict),
/// the verdict table, and per scenario its problems, its findings with their evidence, a timeline by step, the process
/// tree and the network table. It loads nothing (inline style, and a Content-Security-Policy that forbids everything
/// else, script included); every value is made inert and encoded (<see cref="HtmlText"/>).
/// </summary>
public sealed class HtmlReportFormat : IReportFormat
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    public string Name => "HTML";

    public async Task WriteAsync(ReportDocument document, Stream destination, CancellationToken cancellationToken)
    {
        var page = Render(document);
        await destination.WriteAsync(new UTF8Encoding(false).GetBytes(page), cancellationToken);
    }

    private static string Render(ReportDocument document)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>DynamicProbe report</title>
            <style>
            {HtmlStyle.Css}
            </style>
            </head>
            <body>
            <header>
            <h1>DynamicProbe report</h1>
            <p class="muted">Run from {Time(document.StartedAt)} to {Time(document.FinishedAt)} UTC · dynamicprobe {HtmlText.Of(document.ToolVersion)}</p>
            </header>

            """);
        WriteSummary(html, document);
        WriteVerdicts(html, document);
        for (var i = 0; i < document.Scenarios.Count; i++)
        {
            WriteScenario(html, document.Scenarios[i], i);
        }

        html.Append("""
            <footer>Every value a target could choose is shown as inert text: controls, bidi overrides and bytes that were not UTF-8 appear as escapes (<code>\x1b</code>, <code>\u202e</code>, <code>\xff</code>). The JSON report holds the exact values.</footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static string VerdictName(Verdict verdict) => verdict.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static void WriteSummary(StringBuilder html, ReportDocument document)
    {
        html.Append(CultureInfo.InvariantCulture, $"""
            <section class="summary" id="summary">
            <div class="card exit-{document.ExitCode}"><span class="muted">Exit code</span><b id="exit-code">{document.ExitCode}</b></div>
            <div class="card"><span class="muted">Fails on</span><b id="fail-on">{document.FailOn.ToString().ToLowerInvariant()}</b></div>
            <div class="card"><span class="muted">Scenarios</span><b>{document.Scenarios.Count}</b></div>

            """);
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            var name = VerdictName(verdict);
            html.Append(CultureInfo.InvariantCulture,
                $"<div class=\"card count-{name}\"><span class=\"verdict {name}\">{name}</span><b>{document.Scenarios.Count(s => s.Verdict == verdict)}</b></div>\n");
        }

        html.Append("</section>\n");
    }

    private static void WriteVerdicts(StringBuilder html, ReportDocument document)
    {
        html.Append("""
            <section id="verdicts">
            <table class="verdicts">
            <thead><tr><th>Scenario</th><th>Verdict</th><th>Findings (failing the run)</th><th>Duration</th><th>File</th></tr></thead>
            <tbody>

            """);
        for (var i = 0; i < document.Scenarios.Count; i++)
        {
            var scenario = document.Scenarios[i];
            var name = VerdictName(scenario.Verdict);
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr><td><a href="#scenario-{i}">{HtmlText.Of(scenario.Name)}</a></td><td><span class="verdict {name}">{name}</span></td><td>{scenario.Findings.Count} ({scenario.Findings.Count(f => f.FailsRun)})</td><td>{scenario.DurationMs / 1000.0:0.0} s</td><td><code>{HtmlText.Of(scenario.File)}</code></td></tr>

                """);
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteScenario(StringBuilder html, ScenarioDocument scenario, int index)
    {
        var verdict = VerdictName(scenario.Verdict);
        html.Append(CultureInfo.InvariantCulture, $"""
            <section class="scenario" id="scenario-{index}">
            <h2>{HtmlText.Of(scenario.Name)} <span class="verdict {verdict}">{verdict}</span></h2>
            <p class="file muted"><code>{HtmlText.Of(scenario.File)}</code> · {scenario.DurationMs / 1000.0:0.0} s</p>

            """);
        if (scenario.DriftFrom is { } drift)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Drift from {HtmlText.Of(drift)}: only what changed is reported.</p>\n");
        }

        if (scenario.Problems.Count > 0)
        {
            html.Append("<h3>Problems</h3>\n<ul class=\"problems\">\n");
            foreach (var problem in scenario.Problems)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><code>{string.Join("<br>", InertText.Lines(problem).Select(HtmlText.OfInert))}</code></li>\n");
            }

            html.Append("</ul>\n");
        }

        WriteFindings(html, scenario, index);
        HtmlTimeline.Write(html, scenario, index);
        HtmlActivity.Write(html, scenario);
        html.Append("</section>\n");
    }

    private static void WriteFindings(StringBuilder html, ScenarioDocument scenario, int index)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h3>Findings ({scenario.Findings.Count})</h3>\n");
        if (scenario.Findings.Count == 0)
        {
            html.Append("<p class=\"muted\">None.</p>\n");
        }

        for (var i = 0; i < scenario.Findings.Count; i++)
        {
            var finding = scenario.Findings[i];
            var severity = finding.Severity.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"""
                <article class="finding {severity}" id="finding-{index}-{i}">
                <div class="head"><span class="sev">{severity}</span> <code class="rule">{HtmlText.Of(finding.Rule)}</code>{Optional(finding.Technique, t => $" <span class=\"technique\">ATT&amp;CK {HtmlText.Of(t)}</span>")} <span class="muted">{finding.Phase.ToString().ToLowerInvariant()} phase{Optional(scenario.Variants.Count > 0 ? finding.Variant : null, v => $" · run {HtmlText.Of(v)}")} · {finding.Occurrences} occurrence(s)</span>{(finding.FailsRun ? " <span class=\"fails\">fails the run</span>" : "")}</div>
                <div class="message">{HtmlText.Of(finding.Message)}</div>
                {Optional(finding.Steps.Count > 0 ? string.Join(", ", finding.Steps) : null, s => $"<div class=\"muted steps\">During {HtmlText.Of(s)}</div>")}
                <ol class="evidence">

                """);
            foreach (var evidence in finding.Evidence)
            {
                var repeats = evidence.Repeats is { } times ? $" <span class=\"repeats\">×{times}</span>" : "";
                html.Append(CultureInfo.InvariantCulture, $"<li><code>{HtmlText.OfInert(ConsoleReportWriter.Describe(evidence))}</code>{repeats}</li>\n");
            }

            html.Append("</ol>\n");
            if (finding.EvidenceOmitted > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"omitted\">{finding.EvidenceOmitted} more occurrence(s) counted but not kept.</p>\n");
            }

            html.Append("</article>\n");
        }

        if (scenario.Silenced.Count > 0)
        {
            html.Append("<h4>Silenced by the scenario</h4>\n<ul class=\"silenced\">\n");
            foreach (var silenced in scenario.Silenced)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<li><code>{HtmlText.Of(silenced.Rule)}</code> {HtmlText.Of(silenced.Message)} ({silenced.Occurrences}×), by <code>{HtmlText.Of(silenced.Reason)}</code></li>\n");
            }

            html.Append("</ul>\n");
        }
    }

    internal static string Optional(string? value, Func<string, string> render) => value is null ? "" : render(value);
}
