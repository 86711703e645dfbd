namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>What an fd of a traced process refers to, as far as the monitor saw it being opened.</summary>
internal sealed record OpenFile(TracedPath Path, bool CloseOnExec);
