using System.Text.Json.Serialization;

namespace DynamicProbe.Core.Events;

/// <summary>
/// One action a sandboxed process took, as the monitor saw it. <paramref name="Pid"/> is the process id as the
/// host kernel numbers it (the tracer sees host pids); <paramref name="Process"/> is the executable path the
/// process was running when it acted, or its kernel comm name when its exec was not seen.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ProcessExecEvent), "exec")]
[JsonDerivedType(typeof(ProcessForkEvent), "fork")]
[JsonDerivedType(typeof(ProcessExitEvent), "exit")]
[JsonDerivedType(typeof(FileEvent), "file")]
[JsonDerivedType(typeof(NetworkEvent), "network")]
[JsonDerivedType(typeof(DnsQueryEvent), "dns")]
[JsonDerivedType(typeof(SinkholeCaptureEvent), "capture")]
[JsonDerivedType(typeof(FileContentEvent), "content")]
[JsonDerivedType(typeof(PrivilegedCallEvent), "privileged")]
public abstract record ProbeEvent(DateTimeOffset Time, int Pid, string Process)
{
    /// <summary>The step during which it happened; set by <see cref="Analysis.StepTimeline"/>, null until then.</summary>
    public StepRef? Step { get; init; }

    /// <summary>
    /// How many identical events (every field but the time and step) this one stands for, itself included, when more
    /// than one: the monitor counts a thread's exact repeats of an open on the event of the first (it folds them in
    /// the kernel), and a finding's evidence (<see cref="Analysis.RepeatedEvidence"/>) counts identical events on the
    /// entry it keeps; null otherwise.
    /// </summary>
    public int? Repeats { get; init; }

    /// <summary>How many times it happened: <see cref="Repeats"/>, or once.</summary>
    [JsonIgnore]
    public int Times => Repeats ?? 1;
}
