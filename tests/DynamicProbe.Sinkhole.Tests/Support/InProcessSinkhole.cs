using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DynamicProbe.Sinkhole.Hosting;
using DynamicProbe.Sinkhole.Tcp;

namespace DynamicProbe.Sinkhole.Tests.Support;

/// <summary>A catcher running inside the test process on 127.0.0.1 ephemeral ports, with a fake NAT table.</summary>
public sealed class InProcessSinkhole : IAsyncDisposable
{
    private readonly FileStream _output;

    private InProcessSinkhole(string path, FileStream output, Catcher sinkhole, FakeOriginalDestinations originals)
    {
        RecordsPath = path;
        _output = output;
        Catcher = sinkhole;
        Originals = originals;
    }

    public string RecordsPath { get; }

    public Catcher Catcher { get; }

    public FakeOriginalDestinations Originals { get; }

    public IPEndPoint Tcp => new(IPAddress.Loopback, Catcher.TcpPort);

    public IPEndPoint Udp => new(IPAddress.Loopback, Catcher.UdpPort);

    public IPEndPoint Dns => new(IPAddress.Loopback, Catcher.DnsPort);

    public static InProcessSinkhole Start(CaptureLimits? capture = null)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"records-{Guid.NewGuid():N}.jsonl");
        var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var originals = new FakeOriginalDestinations();
        var options = new SinkholeOptions(
            path,
            TcpPort: 0,
            UdpPort: 0,
            DnsPort: 0,
            ListenAddress: IPAddress.Loopback,
            Capture: capture ?? new CaptureLimits(IdleTimeout: TimeSpan.FromMilliseconds(400), Deadline: TimeSpan.FromSeconds(3)));
        var sinkhole = Catcher.Start(options, output, originals, originals, TimeProvider.System);
        return new InProcessSinkhole(path, output, sinkhole, originals);
    }

    public Task<IReadOnlyList<JsonElement>> WaitAsync(Func<IReadOnlyList<JsonElement>, bool> until, TimeSpan? timeout = null) =>
        RecordLines.WaitAsync(RecordsPath, until, timeout);

    public async Task<byte[]> AskAsync(byte[] query)
    {
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(Dns);
        await client.SendAsync(query);
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..read];
    }

    public async ValueTask DisposeAsync()
    {
        await Catcher.DisposeAsync();
        await _output.DisposeAsync();
        File.Delete(RecordsPath);
    }
}
