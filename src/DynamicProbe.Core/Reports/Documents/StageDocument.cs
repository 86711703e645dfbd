namespace DynamicProbe.Core.Reports.Documents;

/// <param name="StartMs">When the stage began, counted from the start of its phase.</param>
public sealed record StageDocument(string Stage, double StartMs, double DurationMs);
