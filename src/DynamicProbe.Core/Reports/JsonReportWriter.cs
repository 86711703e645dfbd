using System.Text.Json;
using System.Text.Json.Serialization;
using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports;

/// <summary>
/// Writes the JSON report: the machine-readable truth every other format derives from. Evidence events keep every
/// field the monitor recorded and the <c>step</c> it happened in; the top level holds <c>scenarios</c>, each with
/// <c>name</c>, <c>verdict</c>, <c>steps</c> (with their bounds, and an http step's exchange labelled as ours) and
/// <c>findings</c> (<c>rule</c>, <c>severity</c>, <c>phase</c>, <c>message</c>, <c>step</c>, <c>steps</c>, <c>evidence</c>:
/// one entry per distinct action, with <c>repeats</c> when it stands for several identical events, and
/// <c>evidenceOmitted</c>: the occurrences the bound left out, so the entries' counts and it add up to <c>occurrences</c>);
/// each phase has its wall time (<c>durationMs</c>) and <c>timings</c>, its stages in the order they began;
/// <c>activity</c> holds each phase's process tree and network table (<see cref="Analysis.Activity.ActivitySummary"/>);
/// a scenario the run was interrupted before it finished has <c>interrupted: true</c>.
/// Strings are exact (a byte that was not valid UTF-8 as <c>\udcNN</c>, see <see cref="LosslessStringConverter"/>),
/// not made inert: a consumer printing them to a terminal escapes them itself (<see cref="InertText"/>).
/// </summary>
public static class JsonReportWriter
{
    public const int FormatVersion = 1;

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static async Task WriteAsync(ReportDocument document, Stream destination, CancellationToken cancellationToken) =>
        await JsonSerializer.SerializeAsync(destination, document, Options, cancellationToken);

    public static string Serialize(RunReport report) => JsonSerializer.Serialize(ToDocument(report), Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

            // Evidence is polymorphic on "type": a report another tool rewrote may no longer put it first.
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.Converters.Add(new LosslessStringConverter());
        return options;
    }

    /// <summary>The report as the JSON document holds it: what every other format is rendered from.</summary>
    public static ReportDocument ToDocument(RunReport report) => new(
        FormatVersion,
        typeof(JsonReportWriter).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        report.StartedAt,
        report.FinishedAt,
        report.FailOn,
        (int)report.ExitCode,
        [.. report.Scenarios.Select(s => ToScenario(report, s))]);

    private static ScenarioDocument ToScenario(RunReport report, ScenarioResult result) => new(
        result.Name,
        result.File,
        result.Verdict,
        (long)result.Duration.TotalMilliseconds,
        result.Problems,
        [.. result.Phases.Select(ToPhase)],
        [.. result.Steps.Select(ToStep)],
        [.. result.Findings.Select(f => new FindingDocument(
            f.Rule, f.Severity, f.Phase, f.Variant, f.Message, report.Fails(f), f.Occurrences, f.Steps.FirstOrDefault(), f.Steps, f.Evidence, f.EvidenceOmitted) { Technique = f.Technique, Subject = f.Subject })],
        [.. result.Variants.Select(v => new VariantDocument(v.Name, v.Trigger, [.. v.Steps.Select(ToStep)]))])
    {
        Silenced = [.. result.Silenced.Select(s => new SilencedDocument(
            s.Finding.Rule, s.Finding.Technique, s.Finding.Severity, s.Finding.Phase, s.Finding.Variant, s.Finding.Message, s.Reason, s.Finding.Occurrences, s.Finding.Evidence)
        {
            Subject = s.Finding.Subject,
            Line = s.Line,
        })],
        DriftFrom = result.DriftFrom,
        Activity = [.. result.Phases.Select(p => p.Activity).OfType<PhaseActivity>()],
        Interrupted = result.Interrupted,
    };

    private static PhaseDocument ToPhase(PhaseSummary phase) => new(
        phase.Phase,
        phase.Variant,
        phase.EventCount,
        phase.Health.IsComplete,
        phase.Health.LostEvents,
        phase.Health.DroppedEvents,
        phase.Health.Failure,
        Milliseconds(phase.Timings.Total),
        [.. phase.Timings.Stages.Select(s => new StageDocument(s.Stage, Milliseconds(s.Start), Milliseconds(s.Duration)))]);

    /// <summary>Tenths of a millisecond: finer than any stage worth reading, coarse enough to stay legible.</summary>
    private static double Milliseconds(TimeSpan span) => Math.Round(span.TotalMilliseconds, 1, MidpointRounding.AwayFromZero);

    private static StepDocument ToStep(StepOutcome outcome, int index) => new(
        index,
        outcome.Step.Kind,
        outcome.Step.Location.Line,
        outcome.Succeeded,
        outcome.Detail,
        outcome.Started,
        outcome.Ended,
        outcome.Duration is { } duration ? (long)duration.TotalMilliseconds : null,
        outcome.ExitCode,
        outcome.Stdout,
        outcome.Stderr,
        outcome.Http is { } http
            ? new HttpDocument(HttpDocument.Issuer, http.Method, http.Url, http.Status, http.BodyPrefix, http.BodyBytesRead, http.BodyCut)
            : null);
}
