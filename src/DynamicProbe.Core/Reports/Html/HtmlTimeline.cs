using System.Globalization;
using System.Text;
using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports.Html;

/// <summary>
/// The timeline by step, per run (the scenario as written, then each variant; the build first when it was observed):
/// each step with its bounds and outcome, the findings that showed in it, and how many processes it started and
/// network actions it made. What happened before the first step or after the last one has its own row.
/// </summary>
internal static class HtmlTimeline
{
    public static void Write(StringBuilder html, ScenarioDocument scenario, int index)
    {
        html.Append("<h3>Timeline</h3>\n");
        var runs = new List<(string Name, IReadOnlyList<StepDocument> Steps)> { (ScenarioExecutor.DefaultRun, scenario.Steps) };
        runs.AddRange(scenario.Variants.Select(v => (v.Name, v.Steps)));
        var build = scenario.Activity.FirstOrDefault(a => a.Phase == Phase.Build);
        if (build is not null || scenario.Findings.Any(f => f.Phase == Phase.Build))
        {
            html.Append("<h4>Build</h4>\n");
            StartTable(html);
            Row(html, scenario, index, "build", "", null, "", Findings(scenario, Phase.Build, null, StepRef.Build), build, StepRef.Build);
            html.Append("</tbody>\n</table>\n");
        }

        foreach (var (name, steps) in runs)
        {
            var activity = scenario.Activity.FirstOrDefault(a => a.Phase == Phase.Run && a.Variant == name);
            html.Append(CultureInfo.InvariantCulture, $"<h4>Run {HtmlText.Of(name)}</h4>\n");
            if (steps.Count == 0 && activity is null)
            {
                html.Append("<p class=\"muted\">Did not run.</p>\n");
                continue;
            }

            var first = steps.Select(s => s.Started).OfType<DateTimeOffset>().DefaultIfEmpty().Min();
            StartTable(html);
            LabelRow(html, scenario, index, name, activity, StepRef.BeforeSteps);

            foreach (var step in steps)
            {
                var at = new StepRef(step.Index, step.Kind, step.Line);
                var bounds = step.Started is { } started
                    ? string.Create(CultureInfo.InvariantCulture, $"+{(started - first).TotalSeconds:0.000} s{(step.DurationMs is { } ms ? $" · {ms} ms" : "")}")
                    : "did not start";
                var outcome = step.Succeeded
                    ? $"<span class=\"muted\">{HtmlText.Of(step.Detail)}</span>"
                    : $"<span class=\"step-failed\">failed</span> <span class=\"muted\">{HtmlText.Of(step.Detail)}</span>";
                Row(html, scenario, index, $"steps[{step.Index}] {step.Kind}", $"line {step.Line}", bounds, outcome, Findings(scenario, Phase.Run, name, at), activity, at);
            }

            LabelRow(html, scenario, index, name, activity, StepRef.AfterSteps);
            html.Append("</tbody>\n</table>\n");
        }
    }

    private static void StartTable(StringBuilder html) => html.Append("""
        <table class="timeline">
        <thead><tr><th>Step</th><th>Bounds</th><th>Outcome</th><th>Findings</th><th>Processes started</th><th>Network actions</th></tr></thead>
        <tbody>

        """);

    /// <summary>Before or after the steps: shown only when something happened there.</summary>
    private static void LabelRow(StringBuilder html, ScenarioDocument scenario, int index, string run, PhaseActivity? activity, StepRef label)
    {
        var findings = Findings(scenario, Phase.Run, run, label);
        if (findings.Count > 0 || Processes(activity, label) > 0 || Network(activity, label) > 0)
        {
            Row(html, scenario, index, label.Kind, "", null, "", findings, activity, label);
        }
    }

    private static void Row(
        StringBuilder html, ScenarioDocument scenario, int index, string step, string line, string? bounds, string outcome,
        List<int> findings, PhaseActivity? activity, StepRef at)
    {
        var links = findings.Count == 0
            ? "<span class=\"muted\">none</span>"
            : string.Join(", ", findings.Select(i => $"<a href=\"#finding-{index}-{i}\"><code>{HtmlText.Of(scenario.Findings[i].Rule)}</code></a>"));
        html.Append(CultureInfo.InvariantCulture, $"""
            <tr class="step"><td><code>{HtmlText.Of(step)}</code> <span class="muted">{line}</span></td><td class="mono">{bounds ?? ""}</td><td>{outcome}</td><td>{links}</td><td>{Processes(activity, at)}</td><td>{Network(activity, at)}</td></tr>

            """);
    }

    /// <summary>The findings of <paramref name="run"/> (null: the build) that showed during <paramref name="at"/>, by index.</summary>
    private static List<int> Findings(ScenarioDocument scenario, Phase phase, string? run, StepRef at) =>
        [.. scenario.Findings
            .Select((finding, i) => (finding, i))
            .Where(f => f.finding.Phase == phase && (run is null || InRun(f.finding.Variant, run)) && f.finding.Steps.Contains(at))
            .Select(f => f.i)];

    /// <summary>A finding of several runs names them all (<c>default, late</c>); one without a run is every run's.</summary>
    private static bool InRun(string? variant, string run) =>
        variant is null || variant.Split(", ").Contains(run);

    private static int Processes(PhaseActivity? activity, StepRef at) =>
        activity is null ? 0 : HtmlActivity.Flatten(activity.Processes).Count(p => p.Step == at);

    private static int Network(PhaseActivity? activity, StepRef at) =>
        activity is null ? 0 : activity.Network.Count(r => r.Step == at);
}
