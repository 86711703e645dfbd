namespace DynamicProbe.Core.Events;

/// <summary>The part of a scenario an event was observed in; each phase is checked against its own expectations.</summary>
public enum Phase
{
    Build,
    Run,
}
