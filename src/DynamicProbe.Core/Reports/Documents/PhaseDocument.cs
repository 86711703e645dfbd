using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Reports.Documents;

/// <summary>How much of a phase was observed, whether the recording is complete, and where its time went.</summary>
public sealed record PhaseDocument(
    Phase Phase,
    string? Variant,
    int Events,
    bool Complete,
    long LostEvents,
    long DroppedEvents,
    string? MonitorFailure,
    double DurationMs,
    IReadOnlyList<StageDocument> Timings);
