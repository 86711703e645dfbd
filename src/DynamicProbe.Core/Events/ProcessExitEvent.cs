namespace DynamicProbe.Core.Events;

/// <summary>A process ended with <paramref name="ExitCode"/> (the kernel's exit status, 128+signal when killed).</summary>
public sealed record ProcessExitEvent(DateTimeOffset Time, int Pid, string Process, int ExitCode)
    : ProbeEvent(Time, Pid, Process);
