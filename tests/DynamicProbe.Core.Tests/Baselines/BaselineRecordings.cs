using DynamicProbe.Core.Events;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Baselines;

/// <summary>
/// Recorded run phases of a small .NET tool, with what changes from run to run (its pid, a temporary file name, a
/// canary sent in the clear and hex-encoded through DNS, the sinkhole's fake address, the port a port-0 server got,
/// a Unix socket named after the pid), and the scenario they belong to.
/// </summary>
internal static class BaselineRecordings
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>What the image's default allowances cover: the tool's own files and /proc.</summary>
    public static readonly Expectations Defaults = Expectations.Empty with { FilesRead = ["/app/**", "/proc/**"] };

    public static (PhaseRecording Recording, Honeytoken Canary) Run(
        int pid, string temp, string secret, string fakeAddress, int ephemeralPort, params ProbeEvent[] extra)
    {
        var encoded = Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(secret));
        ProbeEvent[] events =
        [
            new ProcessExecEvent(T0, pid, "/app/Tool", 1, "/app/Tool", ["/app/Tool"], 0),
            File(pid, FileOperation.Read, "/app/Tool.dll"),
            File(pid, FileOperation.Read, $"/proc/{pid}/stat"),
            File(pid, FileOperation.Read, "/home/probe/.aws/credentials"),
            File(pid, FileOperation.Write, $"/tmp/{temp}"),
            File(pid, FileOperation.Unlink, $"/tmp/{temp}"),
            File(pid, FileOperation.Write, $"/tmp/report-{pid}.txt"),
            new DnsQueryEvent(T0, pid, "/app/Tool", $"{secret}.stats.example.com", "A", "198.18.0.3"),
            new DnsQueryEvent(T0, pid, "/app/Tool", $"{encoded[..20]}.0.exfil.example.org", "A", "198.18.0.4"),
            new DnsQueryEvent(T0, pid, "/app/Tool", "api.example.com", "A", fakeAddress),
            new NetworkEvent(T0, pid, "/app/Tool", NetworkOperation.Connect, AddressFamily.Inet, fakeAddress, 443, 0),
            new NetworkEvent(T0, pid, "/app/Tool", NetworkOperation.Listen, AddressFamily.Inet, "127.0.0.1", ephemeralPort, 0),
            new NetworkEvent(T0, pid, "/app/Tool", NetworkOperation.Listen, AddressFamily.Inet, "127.0.0.1", 8080, 0),
            new NetworkEvent(T0, pid, "/app/Tool", NetworkOperation.Connect, AddressFamily.Unix, $"/tmp/tool-{pid}.sock", 0, 0),
            .. extra,
        ];
        return (new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy), new Honeytoken("aws-credentials", "/home/probe/.aws/credentials", null, secret));
    }

    public static (PhaseRecording Recording, Honeytoken Canary) FirstRun(params ProbeEvent[] extra) =>
        Run(1201, "tmpA1b2C3.tmp", "AKIAFIRSTRUN0000001", "198.18.0.7", 41877, extra);

    public static (PhaseRecording Recording, Honeytoken Canary) SecondRun(params ProbeEvent[] extra) =>
        Run(3377, "tmpZ9y8X7.tmp", "AKIASECONDRUN000002", "198.18.0.9", 52311, extra);

    public static FileEvent File(int pid, FileOperation operation, string path, int result = 3) =>
        new(T0.AddSeconds(1), pid, "/app/Tool", operation, path, result, operation == FileOperation.Write ? OpenFlags.WriteOnly : 0);

    public static Scenario Scenario(string filePath, params string[] variants) => new(
        "tool",
        null,
        filePath,
        new TargetSpec("/s/Tool/Tool.csproj", TargetSpec.DefaultConfiguration, [], null, null),
        Sandbox,
        [],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty))
    {
        Variants = [.. variants.Select(v => new Variant(v, Sandbox, ["clock"], new SourceLocation(filePath, 20, 5)))],
    };

    private static readonly SandboxSpec Sandbox = new(
        null, NetworkMode.Sinkhole, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, true);
}
