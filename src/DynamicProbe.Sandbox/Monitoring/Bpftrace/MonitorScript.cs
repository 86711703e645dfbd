namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>monitor.bt, the bpftrace program, embedded in this assembly.</summary>
internal static class MonitorScript
{
    /// <summary>
    /// BPFTRACE_STRLEN: monitor.bt steps through long strings 159 bytes at a time, and its largest print() with a
    /// str() fits the 512-byte BPF stack at this length with room to spare (168 was the most that fit).
    /// </summary>
    public const int StringLength = 160;

    private const string ResourceName = "DynamicProbe.Sandbox.Monitoring.Bpftrace.monitor.bt";

    public static string Text()
    {
        using var stream = typeof(MonitorScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
