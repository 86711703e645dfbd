namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>monitor.bt, the bpftrace program, embedded in this assembly.</summary>
internal static class MonitorScript
{
    private const string ResourceName = "DynamicProbe.Sandbox.Monitoring.Bpftrace.monitor.bt";

    public static string Text()
    {
        using var stream = typeof(MonitorScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
