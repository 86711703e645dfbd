using System.Globalization;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// The human summary: one block per scenario with its verdict, its timeline of steps, its findings with their first
/// evidence, and problems. Every line a target could have put text in is escaped once, here, as it is written
/// (<see cref="InertText"/>): findings and results keep the exact text, for the JSON report.
/// </summary>
public sealed class ConsoleReportWriter(TextWriter output)
{
    /// <summary>Evidence lines shown under each finding; the JSON report has every entry kept.</summary>
    public const int EvidenceShown = 3;

    /// <summary>Bytes of sent or left content quoted in an evidence line; the JSON report has all that was kept.</summary>
    public const int ContentShown = 64;

    public void WriteScenario(ScenarioResult result, RunReport context)
    {
        WriteHeading(result);
        if (result.DriftFrom is { } baseline)
        {
            WriteInert($"  drift from {baseline}: only what changed is reported");
        }

        foreach (var line in ConsoleTimeline.Lines(result))
        {
            WriteInert(line);
        }

        foreach (var finding in result.Findings)
        {
            var marker = context.Fails(finding) ? "!" : " ";
            var variant = result.Variants.Count > 0 && finding.Variant is { } name ? $" [{name}]" : string.Empty;
            var during = finding.Steps.Count == 0 || finding.Steps.SequenceEqual([StepRef.Build]) ? string.Empty : $" [during {string.Join(", ", finding.Steps)}]";
            var technique = finding.Technique is null ? string.Empty : $" {finding.Technique}";
            WriteInert($"  {marker} {finding.Severity.ToString().ToUpperInvariant(),-8} {finding.Phase.ToString().ToLowerInvariant(),-5} {finding.Rule}{technique}{variant}: {finding.Message}{during}");
            foreach (var evidence in finding.Evidence.Take(EvidenceShown))
            {
                output.WriteLine($"               {Describe(evidence)}{Repeated(evidence)}");
            }

            if (MoreEvidence(finding) is { } more)
            {
                output.WriteLine($"               … {more}");
            }
        }

        foreach (var silenced in result.Silenced)
        {
            WriteInert($"    silenced: {SilencedLine(silenced, result.Variants.Count > 0)}");
        }

        WriteProblems(result);
    }

    /// <summary>For <c>--quiet</c>: a scenario that is not clean gets its verdict line and its problems; a clean one nothing.</summary>
    public void WriteBrief(ScenarioResult result)
    {
        if (result.Verdict == Verdict.Clean)
        {
            return;
        }

        WriteHeading(result);
        WriteProblems(result);
    }

    public void WriteSummary(RunReport report)
    {
        var counts = Enum.GetValues<Verdict>()
            .Select(v => $"{report.Scenarios.Count(s => s.Verdict == v)} {VerdictLabel(v)}");
        output.WriteLine();
        output.WriteLine($"{report.Scenarios.Count} scenario(s): {string.Join(", ", counts)}. Exit code {(int)report.ExitCode} ({report.ExitCode}).");
    }

    /// <summary>
    /// One line saying who did what, with the outcome: the argv run, the path touched, the name asked and the answer,
    /// the bytes sent or left (the first <see cref="ContentShown"/>, quoted), the call refused. Inert: whatever the
    /// target chose is escaped (<see cref="InertText"/>).
    /// </summary>
    public static string Describe(ProbeEvent probeEvent)
    {
        // Pid 0: no process could be matched (a sinkhole record), or none acted (a file left behind); its "process" says which.
        var who = probeEvent.Pid == 0 ? probeEvent.Process : $"pid {probeEvent.Pid} {probeEvent.Process}";
        var what = probeEvent switch
        {
            ProcessExecEvent e => InertText.Escape($"exec {e.Path} argv: {CommandLine.Format(e.Argv)}{(e.ArgvTruncated ? " (argv cut)" : string.Empty)}{Outcome(e.Error)}"),
            FileEvent f => InertText.Escape($"{f.Operation.ToString().ToLowerInvariant()} {f.Path}{(f.SecondPath is null ? string.Empty : $" -> {f.SecondPath}")}{(f.PathTruncated ? " (path cut by the monitor)" : string.Empty)}{(f.FlagNames is null ? string.Empty : $" [{f.FlagNames}]")}{(f.Mode is null ? string.Empty : $" [mode {f.Mode}]")}{Outcome(f.Error)}"),
            NetworkEvent n => InertText.Escape($"{n.Operation.ToString().ToLowerInvariant()} {n.Endpoint}{(n.Bytes is null ? string.Empty : $" ({n.Bytes} bytes)")}{Outcome(n.Error)}"),
            ProcessForkEvent f => $"fork -> pid {f.ChildPid}",
            ProcessExitEvent x => $"exit {x.ExitCode}",
            DnsQueryEvent d => InertText.Escape($"dns {d.QueryType} {d.Name} -> {d.Answer ?? "no answer"}"),
            SinkholeCaptureEvent c => CaptureText(c),
            FileContentEvent f => InertText.Escape($"left {f.Path} ({Size(f.Size)})") + $": {InertText.Quote(Convert.FromBase64String(f.ContentBase64), f.Size, ContentShown)}",
            PrivilegedCallEvent p => InertText.Escape(PrivilegedCallText(p)),
            _ => probeEvent.GetType().Name,
        };
        return $"{probeEvent.Time:HH:mm:ss.fff} {InertText.Escape(who)}: {what}";
    }

    private static string CaptureText(SinkholeCaptureEvent capture)
    {
        var to = capture.DnsName is null ? capture.Endpoint : $"{capture.DnsName} ({capture.Address}):{capture.Port}";
        var sni = capture.TlsServerName is null ? string.Empty : $" (TLS SNI {capture.TlsServerName})";
        var head = InertText.Escape($"sent {capture.TotalBytes} bytes over {capture.Protocol} to {to}{sni}");
        return capture.TotalBytes == 0
            ? head
            : $"{head}: {InertText.Quote(Convert.FromBase64String(capture.FirstBytesBase64), capture.TotalBytes, ContentShown)}";
    }

    private static string PrivilegedCallText(PrivilegedCallEvent call)
    {
        var argument = call.Call switch
        {
            PrivilegedCall.Kill => $" signal {call.Argument}",
            PrivilegedCall.Ptrace => $" request {call.Argument}",
            _ => string.Empty,
        };
        var own = call.TargetIsOwn ? " (its own)" : string.Empty;
        var target = call.Target.Length > 0 ? call.Target : call.Argument.ToString(CultureInfo.InvariantCulture);
        return $"{call.CallName} {target}{argument}{own}{Outcome(call.Error)}";
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };

    private static string Repeated(ProbeEvent evidence) =>
        evidence.Repeats is { } repeats ? string.Create(CultureInfo.InvariantCulture, $" ({repeats} times)") : string.Empty;

    /// <summary>
    /// What the lines shown leave out, as the JSON has it: the entries it holds beyond them, and the occurrences the
    /// evidence bound left out of both (counted, not kept).
    /// </summary>
    private static string? MoreEvidence(Finding finding)
    {
        var entries = finding.Evidence.Count - EvidenceShown;
        var kept = entries > 0 ? string.Create(CultureInfo.InvariantCulture, $"{entries} more in the JSON report") : null;
        var omitted = finding.EvidenceOmitted > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{finding.EvidenceOmitted} more occurrence(s) counted but not kept (evidence keeps {BehaviourAnalyzer.MaxEvidencePerFinding} distinct actions)")
            : null;
        return kept is null && omitted is null ? null : string.Join("; ", new[] { kept, omitted }.OfType<string>());
    }

    /// <summary>A silenced finding on one line: what it would have been and which entry of the scenario silenced it.</summary>
    private static string SilencedLine(SilencedFinding silenced, bool showVariant)
    {
        var finding = silenced.Finding;
        var technique = finding.Technique is null ? string.Empty : $" {finding.Technique}";
        var variant = showVariant && finding.Variant is { } name ? $" [{name}]" : string.Empty;
        return $"{finding.Severity.ToString().ToLowerInvariant()} {finding.Phase.ToString().ToLowerInvariant()} {finding.Rule}{technique}{variant}: "
            + $"{finding.Message} ({finding.Occurrences}x), by {silenced.Reason}";
    }

    private void WriteHeading(ScenarioResult result) => WriteInert(string.Create(
        CultureInfo.InvariantCulture,
        $"{VerdictLabel(result.Verdict),-13} {result.Name}  ({result.Duration.TotalSeconds:0.0}s, {result.File})"));

    private void WriteProblems(ScenarioResult result)
    {
        foreach (var problem in result.Problems)
        {
            output.WriteLine($"    problem: {string.Join("\n             ", InertText.Lines(problem))}");
        }
    }

    private static string Outcome(string? error) => error is null ? string.Empty : $" => {error}";

    private void WriteInert(string line) => output.WriteLine(InertText.Escape(line));

    /// <summary>A verdict as the console shows it: capitals for what needs reading.</summary>
    public static string VerdictLabel(Verdict verdict) => verdict switch
    {
        Verdict.Clean => "clean",
        Verdict.Findings => "FINDINGS",
        Verdict.Inconclusive => "INCONCLUSIVE",
        _ => "ERROR",
    };
}
