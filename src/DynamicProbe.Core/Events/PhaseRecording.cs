namespace DynamicProbe.Core.Events;

/// <summary>Everything the monitor recorded in one phase, in time order, and how far it can be trusted.</summary>
public sealed record PhaseRecording(Phase Phase, IReadOnlyList<ProbeEvent> Events, MonitorHealth Health);
