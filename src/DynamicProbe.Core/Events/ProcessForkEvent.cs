namespace DynamicProbe.Core.Events;

/// <summary>A new process (not a thread) forked from <see cref="ProbeEvent.Pid"/>.</summary>
public sealed record ProcessForkEvent(DateTimeOffset Time, int Pid, string Process, int ChildPid)
    : ProbeEvent(Time, Pid, Process);
