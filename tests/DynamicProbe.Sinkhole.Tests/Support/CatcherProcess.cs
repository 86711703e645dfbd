using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DynamicProbe.Sinkhole.Tests.Support;

/// <summary>
/// The published catcher (DynamicProbe.Sinkhole.dll, copied beside the tests) run as its own process, optionally
/// inside a network namespace through <c>ip netns exec</c>, so its memory and its real NAT lookups can be observed.
/// </summary>
public sealed class CatcherProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private CatcherProcess(Process process, StringBuilder stderr, string recordsPath, JsonElement ready)
    {
        _process = process;
        _stderr = stderr;
        RecordsPath = recordsPath;
        TcpPort = ready.GetProperty("tcp_port").GetInt32();
        UdpPort = ready.GetProperty("udp_port").GetInt32();
        DnsPort = ready.GetProperty("dns_port").GetInt32();
        Ready = ready;
    }

    public string RecordsPath { get; }

    public JsonElement Ready { get; }

    public int TcpPort { get; }

    public int UdpPort { get; }

    public int DnsPort { get; }

    public bool HasExited => _process.HasExited;

    public IPEndPoint Tcp => new(IPAddress.Loopback, TcpPort);

    public IPEndPoint Dns => new(IPAddress.Loopback, DnsPort);

    /// <summary>The most resident memory the process has used so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes
    {
        get
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    public static async Task<CatcherProcess> StartAsync(IEnumerable<string> options, string? networkNamespace = null)
    {
        var recordsPath = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"records-{Guid.NewGuid():N}.jsonl");
        var dll = Path.Combine(AppContext.BaseDirectory, "DynamicProbe.Sinkhole.dll");
        string[] command = ["dotnet", dll, "--records", recordsPath, .. options];
        var start = networkNamespace is null
            ? new ProcessStartInfo(command[0], command[1..])
            : new ProcessStartInfo("ip", ["netns", "exec", networkNamespace, .. command]);
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, line) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(line.Data);
            }
        };
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            if (File.Exists(recordsPath) && RecordLines.Read(recordsPath).FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
                && first.Text("type") == "ready")
            {
                return new CatcherProcess(process, stderr, recordsPath, first);
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Assert.Fail($"the catcher never wrote its ready record; stderr:\n{stderr}");
        throw new InvalidOperationException("unreachable");
    }

    public Task<IReadOnlyList<JsonElement>> WaitAsync(Func<IReadOnlyList<JsonElement>, bool> until, TimeSpan? timeout = null) =>
        RecordLines.WaitAsync(RecordsPath, until, timeout);

    /// <summary>SIGTERM, as the pod stops it, and the exit code.</summary>
    public async Task<int> StopAsync()
    {
        await Commands.RunCheckedAsync("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(RecordsPath);
    }

    public override string ToString()
    {
        lock (_stderr)
        {
            return $"catcher pid {_process.Id}, stderr:\n{_stderr}";
        }
    }
}
