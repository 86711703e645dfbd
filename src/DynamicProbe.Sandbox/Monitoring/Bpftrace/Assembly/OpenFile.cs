namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>What an fd of a traced process refers to, as far as the monitor saw it being opened.</summary>
/// <param name="IsUnboundSocket">A socket not bound to a path yet: changing its mode changes no file.</param>
internal sealed record OpenFile(TracedPath Path, bool CloseOnExec, bool IsUnboundSocket = false);
