namespace DynamicProbe.Core.Reports.Documents;

/// <summary>One scenario step as it ran: <paramref name="Line"/> is where it is written in the scenario file.</summary>
public sealed record StepDocument(
    int Index,
    string Kind,
    int Line,
    bool Succeeded,
    string Detail,
    DateTimeOffset? Started,
    DateTimeOffset? Ended,
    long? DurationMs,
    int? ExitCode,
    string? Stdout,
    string? Stderr,
    HttpDocument? Http);
