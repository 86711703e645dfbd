namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>A thread's last open as the tracer printed it, for the REPEAT records that stand for it again.</summary>
/// <param name="Resolved">The absolute path it named when it was last reported.</param>
/// <param name="EventIndex">Where its event is in the recording, which counts the repeats; -1 when it was over the limit.</param>
internal sealed record LastOpen(int DirFd, int Flags, int Result, TracedPath Name, string Resolved, int EventIndex = -1);
