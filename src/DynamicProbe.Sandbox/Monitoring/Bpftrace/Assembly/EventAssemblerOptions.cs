namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <param name="StringLength">BPFTRACE_STRLEN the tracer ran with: a string of StringLength - 1 bytes filled the buffer and may be cut.</param>
/// <param name="MaxEvents">Events kept; later ones are counted as dropped.</param>
/// <param name="InitialWorkingDirectory">
/// The container's configured working directory, used for a container process when the runtime's own chdir into
/// it was not seen; null when unknown.
/// </param>
/// <param name="ReorderWindow">How far back in kernel time a record may arrive late (see <see cref="RecordReorderBuffer"/>).</param>
internal sealed record EventAssemblerOptions(
    int StringLength,
    int MaxEvents,
    string? InitialWorkingDirectory,
    TimeSpan ReorderWindow);
