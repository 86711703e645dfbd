using System.Globalization;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Sharding;

/// <summary>
/// What <c>dynamicprobe merge</c> prints: what was joined, each scenario that is not clean with its failing findings
/// and problems, and the verdict counts with the exit code. The reports hold the rest. Inert, like the run's console.
/// </summary>
public static class MergeSummary
{
    public static void Write(IReadOnlyList<SourcedReport> reports, ReportDocument merged, TextWriter output)
    {
        var joined = reports[0].Document.Shard is { } shard
            ? $"the {shard.Count} shard(s) of a suite of {shard.Suite.Scenarios} scenario(s) ({shard.Suite.Hash})"
            : $"{reports.Count} report(s)";
        output.WriteLine($"merged {joined}");
        foreach (var scenario in merged.Scenarios.Where(s => s.Verdict != Verdict.Clean))
        {
            output.WriteLine(InertText.Escape($"{ConsoleReportWriter.VerdictLabel(scenario.Verdict),-13} {scenario.Name}  ({scenario.File})"));
            foreach (var finding in scenario.Findings.Where(f => f.FailsRun))
            {
                var technique = finding.Technique is null ? string.Empty : $" {finding.Technique}";
                var variant = finding.Variant is { } name && scenario.Variants.Count > 0 ? $" [{name}]" : string.Empty;
                output.WriteLine(InertText.Escape(
                    $"  ! {finding.Severity.ToString().ToUpperInvariant(),-8} {finding.Phase.ToString().ToLowerInvariant(),-5} {finding.Rule}{technique}{variant}: {finding.Message}"));
            }

            foreach (var problem in scenario.Problems)
            {
                output.WriteLine($"    problem: {string.Join("\n             ", InertText.Lines(problem))}");
            }
        }

        var exitCode = (ExitCode)merged.ExitCode;
        var counts = Enum.GetValues<Verdict>().Select(v => string.Create(
            CultureInfo.InvariantCulture, $"{merged.Scenarios.Count(s => s.Verdict == v)} {ConsoleReportWriter.VerdictLabel(v)}"));
        output.WriteLine();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{merged.Scenarios.Count} scenario(s): {string.Join(", ", counts)}. Exit code {merged.ExitCode} ({exitCode})."));
    }
}
