using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>Tuning of <see cref="BpftraceMonitor"/>; the defaults suit bpftrace 0.17 on a small host.</summary>
public sealed record BpftraceMonitorOptions
{
    public string BpftracePath { get; init; } = "bpftrace";

    /// <summary>util-linux setpriv, which starts bpftrace with a parent-death signal so it dies with this process.</summary>
    public string SetprivPath { get; init; } = "setpriv";

    /// <summary>
    /// Measured from start to READY (compiling and attaching 17 probes) with bpftrace 0.17 on a 2-core host: about
    /// 3 s idle; the old one-probe-per-syscall monitor took 7.6 to 21 s while parallel builds kept the load at 5 to 9.
    /// </summary>
    public TimeSpan AttachTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a sandbox's drain barrier may take to come back from every CPU: the time for the reader to catch up
    /// with what the kernel buffers hold. Past it the recording is marked incomplete.
    /// </summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Events kept per session; later ones are counted in <see cref="DynamicProbe.Core.Events.MonitorHealth.DroppedEvents"/>.</summary>
    public int MaxEvents { get; init; } = 500_000;

    /// <summary>Longest output line read whole; bpftrace's lines are far shorter, so a longer one is reported as a problem.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;

    /// <summary>BPFTRACE_PERF_RB_PAGES: per-CPU perf buffer pages. Bigger buffers lose fewer events in bursts.</summary>
    public int PerfBufferPages { get; init; } = 1024;

    /// <summary>BPFTRACE_MAP_KEYS_MAX: a full map silently stops recording, so keep it well above the sandboxes' thread and fd counts.</summary>
    public int MapKeysMax { get; init; } = 65_536;

    /// <summary>How late a record may arrive relative to newer ones (per-CPU buffers are drained in turn).</summary>
    public TimeSpan ReorderWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where the tracer's scratch folder (the script) goes; the <see cref="Reaper"/> cleans up after dead runs there.</summary>
    public string ScratchRoot { get; init; } = ScratchFolder.DefaultRoot;

    public string UnifiedCgroupRoot { get; init; } = SandboxCgroups.UnifiedRoot;
}
