using System.Globalization;
using System.Text;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports.Html;

/// <summary>Each phase's process tree (nested lists) and network table, with what their bounds left out.</summary>
internal static class HtmlActivity
{
    public static void Write(StringBuilder html, ScenarioDocument scenario)
    {
        html.Append("<h3>Processes</h3>\n");
        if (scenario.Activity.Count == 0)
        {
            html.Append("<p class=\"muted\">Nothing recorded.</p>\n");
        }

        foreach (var activity in scenario.Activity)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h4>{PhaseTitle(activity)}</h4>\n");
            if (activity.Processes.Count == 0)
            {
                html.Append("<p class=\"muted\">No process seen.</p>\n");
            }
            else
            {
                html.Append("<ul class=\"tree\">\n");
                foreach (var root in activity.Processes)
                {
                    WriteProcess(html, root);
                }

                html.Append("</ul>\n");
            }

            Omitted(html, activity.ProcessesOmitted, "process(es)");
        }

        html.Append("<h3>Network</h3>\n");
        var any = false;
        foreach (var activity in scenario.Activity.Where(a => a.Network.Count > 0 || a.NetworkOmitted > 0))
        {
            any = true;
            html.Append(CultureInfo.InvariantCulture, $"""
                <h4>{PhaseTitle(activity)}</h4>
                <table class="network">
                <thead><tr><th>Time</th><th>Step</th><th>Process</th><th>Action</th><th>Protocol</th><th>Destination</th><th>Name (TLS SNI)</th><th>Bytes</th><th>Result</th></tr></thead>
                <tbody>

                """);
            foreach (var row in activity.Network)
            {
                var who = row.Pid == 0 ? HtmlText.Of(row.Process.Length == 0 ? "unknown" : row.Process) : $"pid {row.Pid} {HtmlText.Of(row.Process)}";
                html.Append(CultureInfo.InvariantCulture, $"""
                    <tr><td class="mono">{row.Time.UtcDateTime:HH:mm:ss.fff}</td><td>{HtmlText.Of(row.Step is { Index: { } i } ? $"steps[{i}] {row.Step.Kind}" : row.Step?.Kind ?? "")}</td><td><code>{who}</code></td><td>{HtmlText.Of(row.Kind)}</td><td>{HtmlText.Of(row.Protocol)}</td><td><code>{HtmlText.Of(row.Endpoint ?? "")}</code></td><td><code>{HtmlText.Of(row.DnsName ?? "")}</code>{HtmlReportFormat.Optional(row.ServerName, n => $" <span class=\"muted\">(SNI <code>{HtmlText.Of(n)}</code>)</span>")}</td><td>{row.Bytes}</td><td>{HtmlText.Of(row.Result)}</td></tr>

                    """);
            }

            html.Append("</tbody>\n</table>\n");
            Omitted(html, activity.NetworkOmitted, "network action(s)");
        }

        if (!any)
        {
            html.Append("<p class=\"muted\">No network activity.</p>\n");
        }
    }

    /// <summary>Every process of a tree, parents before their children.</summary>
    public static IEnumerable<ProcessNode> Flatten(IEnumerable<ProcessNode> roots) =>
        roots.SelectMany(root => Flatten(root.Children).Prepend(root));

    private static void WriteProcess(StringBuilder html, ProcessNode process)
    {
        var command = process.Argv.Count > 0 ? CommandLine.Format(process.Argv) : process.Executable;
        var image = process.Argv.Count > 0 && process.Argv[0] != process.Executable ? $" <span class=\"muted\">({HtmlText.Of(process.Executable)})</span>" : "";
        var exit = process.ExitCode is { } code ? $" · exit {code}" : "";
        html.Append(CultureInfo.InvariantCulture,
            $"<li><span class=\"pid\">pid {process.Pid}</span> <code>{HtmlText.Of(command)}</code>{image} <span class=\"muted\">{StepText(process.Step)} · {process.Started.UtcDateTime:HH:mm:ss.fff}{exit}</span>");
        if (process.Children.Count > 0)
        {
            html.Append("\n<ul>\n");
            foreach (var child in process.Children)
            {
                WriteProcess(html, child);
            }

            html.Append("</ul>\n");
        }

        html.Append("</li>\n");
    }

    private static string PhaseTitle(PhaseActivity activity) =>
        activity.Phase == Phase.Build ? "Build" : $"Run {HtmlText.Of(activity.Variant ?? "")}";

    private static string StepText(StepRef? step) => step is null ? "" : HtmlText.Of(step.ToString());

    private static void Omitted(StringBuilder html, int omitted, string what)
    {
        if (omitted > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"omitted\">{omitted} more {what} left out of this report (bounded); counted, not shown.</p>\n");
        }
    }
}
