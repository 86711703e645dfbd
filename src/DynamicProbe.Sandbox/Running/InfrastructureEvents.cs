using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Removes from a recording what the sandbox itself did, not the target: the container's init (PID 1) and anything
/// it forks itself (the images' init, with an empty inittab, forks nothing). They are known exactly, by host pid: the
/// init is the container's <c>State.Pid</c>, and orphans it adopts were forked by others. The init runs as root with
/// no capabilities, so the target (never root) can neither signal nor ptrace it to act under its pid.
/// Everything exec'd for the scenario's steps stays in the recording.
/// </summary>
public static class InfrastructureEvents
{
    public static PhaseRecording Without(PhaseRecording recording, int initPid)
    {
        var infrastructure = new HashSet<int> { initPid };
        foreach (var fork in recording.Events.OfType<ProcessForkEvent>().Where(f => f.Pid == initPid))
        {
            infrastructure.Add(fork.ChildPid);
        }

        return recording with { Events = [.. recording.Events.Where(e => !infrastructure.Contains(e.Pid))] };
    }
}
