using System.Globalization;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// The console's timeline of one scenario: a line per step that ran (kind, line, outcome, duration, an http step's
/// request and status) naming the findings that happened during it, and lines for findings before the first step and
/// after the last one.
/// </summary>
internal static class ConsoleTimeline
{
    public static IEnumerable<string> Lines(ScenarioResult result)
    {
        if (result.Steps.Count == 0)
        {
            yield break;
        }

        yield return "  timeline:";
        if (FindingsDuring(result, StepRef.BeforeSteps) is { Length: > 0 } before)
        {
            yield return $"    {StepRef.BeforeSteps.Kind,-42}{before}";
        }

        for (var index = 0; index < result.Steps.Count; index++)
        {
            var outcome = result.Steps[index];
            var duration = outcome.Duration is { } span ? span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s" : "-";
            var http = outcome.Http is { } exchange
                ? $"  {exchange.Method} {exchange.Url} -> {exchange.Status?.ToString(CultureInfo.InvariantCulture) ?? "no response"}"
                : string.Empty;
            var step = $"steps[{index}] {outcome.Step.Kind}";
            yield return $"    {step,-18} line {outcome.Step.Location.Line,-5} {(outcome.Succeeded ? "ok" : "FAILED"),-6} {duration,8}{http}"
                         + FindingsDuring(result, StepTimeline.RefOf(index, outcome.Step));
        }

        if (FindingsDuring(result, StepRef.AfterSteps) is { Length: > 0 } after)
        {
            yield return $"    {StepRef.AfterSteps.Kind,-42}{after}";
        }
    }

    private static string FindingsDuring(ScenarioResult result, StepRef step)
    {
        var rules = result.Findings.Where(f => f.Steps.Contains(step)).Select(f => f.Rule).Distinct().ToList();
        return rules.Count == 0 ? string.Empty : $"  findings: {string.Join(", ", rules)}";
    }
}
