using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring.Bpftrace;

namespace DynamicProbe.Integration.Tests;

/// <summary>
/// One real kernel monitor for every test of this assembly that runs sandboxes in-process, as a dynamicprobe process
/// has one: started at first use, disposed (tracer killed, script removed) after the last test.
/// </summary>
[SetUpFixture]
public sealed class SharedMonitor
{
    private static readonly Lazy<(DockerEngine Engine, BpftraceMonitor Monitor)> Instance = new(() =>
    {
        var engine = DockerEngine.FromEnvironment();
        return (engine, new BpftraceMonitor(docker: engine.Client));
    });

    public static BpftraceMonitor Monitor => Instance.Value.Monitor;

    /// <summary>
    /// Whether <paramref name="folder"/> holds the script of a tracer of this process, which lives as long as the
    /// process (BpftraceMonitorTests checks that disposing a monitor removes it).
    /// </summary>
    public static bool OwnsScratchFolder(string folder) =>
        Path.GetFileName(folder).StartsWith($"monitor-{Environment.ProcessId}-", StringComparison.Ordinal);

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        if (Instance.IsValueCreated)
        {
            await Instance.Value.Monitor.DisposeAsync();
            Instance.Value.Engine.Dispose();
        }
    }
}
