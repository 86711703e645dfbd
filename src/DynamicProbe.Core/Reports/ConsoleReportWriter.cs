using System.Globalization;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// The human summary: one block per scenario with its verdict, its timeline of steps, its findings with their first
/// evidence, and problems.
/// </summary>
public sealed class ConsoleReportWriter(TextWriter output)
{
    /// <summary>Evidence lines shown under each finding; the JSON report has them all.</summary>
    public const int EvidenceShown = 3;

    public void WriteScenario(ScenarioResult result, RunReport context)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{VerdictLabel(result.Verdict),-13} {result.Name}  ({result.Duration.TotalSeconds:0.0}s, {result.File})"));
        foreach (var line in ConsoleTimeline.Lines(result))
        {
            output.WriteLine(line);
        }

        foreach (var finding in result.Findings)
        {
            var marker = context.Fails(finding) ? "!" : " ";
            var variant = result.Variants.Count > 0 && finding.Variant is { } name ? $" [{name}]" : string.Empty;
            var during = finding.Steps.Count == 0 || finding.Steps.SequenceEqual([StepRef.Build]) ? string.Empty : $" [during {string.Join(", ", finding.Steps)}]";
            var technique = finding.Technique is null ? string.Empty : $" {finding.Technique}";
            output.WriteLine($"  {marker} {finding.Severity.ToString().ToUpperInvariant(),-8} {finding.Phase.ToString().ToLowerInvariant(),-5} {finding.Rule}{technique}{variant}: {finding.Message}{during}");
            foreach (var evidence in finding.Evidence.Take(EvidenceShown))
            {
                output.WriteLine($"               {Describe(evidence)}");
            }

            if (finding.Occurrences > EvidenceShown)
            {
                output.WriteLine($"               … {finding.Occurrences - EvidenceShown} more (see the JSON report)");
            }
        }

        foreach (var silenced in result.Silenced)
        {
            output.WriteLine($"    silenced: {SilencedLine(silenced, result.Variants.Count > 0)}");
        }

        foreach (var problem in result.Problems)
        {
            output.WriteLine($"    problem: {problem.Replace("\n", "\n             ", StringComparison.Ordinal)}");
        }
    }

    public void WriteSummary(RunReport report)
    {
        var counts = Enum.GetValues<Verdict>()
            .Select(v => $"{report.Scenarios.Count(s => s.Verdict == v)} {VerdictLabel(v)}");
        output.WriteLine();
        output.WriteLine($"{report.Scenarios.Count} scenario(s): {string.Join(", ", counts)}. Exit code {(int)report.ExitCode} ({report.ExitCode}).");
    }

    /// <summary>One line saying who did what, with the outcome; control characters made visible.</summary>
    public static string Describe(ProbeEvent probeEvent)
    {
        var who = $"pid {probeEvent.Pid} {Visible(probeEvent.Process)}";
        var what = probeEvent switch
        {
            ProcessExecEvent e => $"exec {Visible(e.Path)} argv: {Visible(CommandLine.Format(e.Argv))}{(e.ArgvTruncated ? " (argv cut)" : string.Empty)}{Outcome(e.Error)}",
            FileEvent f => $"{f.Operation.ToString().ToLowerInvariant()} {Visible(f.Path)}{(f.SecondPath is null ? string.Empty : $" -> {Visible(f.SecondPath)}")}{(f.PathTruncated ? " (path cut by the monitor)" : string.Empty)}{(f.FlagNames is null ? string.Empty : $" [{f.FlagNames}]")}{Outcome(f.Error)}",
            NetworkEvent n => $"{n.Operation.ToString().ToLowerInvariant()} {n.Endpoint}{(n.Bytes is null ? string.Empty : $" ({n.Bytes} bytes)")}{Outcome(n.Error)}",
            ProcessForkEvent f => $"fork -> pid {f.ChildPid}",
            ProcessExitEvent x => $"exit {x.ExitCode}",
            _ => probeEvent.GetType().Name,
        };
        return $"{probeEvent.Time:HH:mm:ss.fff} {who}: {what}";
    }

    /// <summary>A silenced finding on one line: what it would have been and which entry of the scenario silenced it.</summary>
    private static string SilencedLine(SilencedFinding silenced, bool showVariant)
    {
        var finding = silenced.Finding;
        var technique = finding.Technique is null ? string.Empty : $" {finding.Technique}";
        var variant = showVariant && finding.Variant is { } name ? $" [{name}]" : string.Empty;
        return $"{finding.Severity.ToString().ToLowerInvariant()} {finding.Phase.ToString().ToLowerInvariant()} {finding.Rule}{technique}{variant}: "
            + $"{Visible(finding.Message)} ({finding.Occurrences}x), by {Visible(silenced.Reason)}";
    }

    private static string Outcome(string? error) => error is null ? string.Empty : $" => {error}";

    private static string VerdictLabel(Verdict verdict) => verdict switch
    {
        Verdict.Clean => "clean",
        Verdict.Findings => "FINDINGS",
        Verdict.Inconclusive => "INCONCLUSIVE",
        _ => "ERROR",
    };

    private static string Visible(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
