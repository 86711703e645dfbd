using System.Net;
using System.Net.Sockets;
using DynamicProbe.Sinkhole.Dns;
using DynamicProbe.Sinkhole.Records;
using DynamicProbe.Sinkhole.Tcp;
using DynamicProbe.Sinkhole.Udp;

namespace DynamicProbe.Sinkhole.Hosting;

/// <summary>
/// The running catcher: binds every socket, starts the fake resolver and the TCP and UDP catch-alls, writes the
/// ready record, and on stop lets open connections finish their records before the file is closed.
/// </summary>
public sealed class Catcher : IAsyncDisposable
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int SoReusePort = 15;

    private readonly CancellationTokenSource _stopping;
    private readonly List<Socket> _sockets;
    private readonly Task _running;
    private readonly RecordWriter _records;

    private Catcher(
        List<Socket> sockets, Task running, RecordWriter records, int tcpPort, int udpPort, int dnsPort, TcpCatcher tcp, CancellationTokenSource stopping)
    {
        _stopping = stopping;
        _sockets = sockets;
        _running = running;
        _records = records;
        TcpPort = tcpPort;
        UdpPort = udpPort;
        DnsPort = dnsPort;
        Tcp = tcp;
    }

    public int TcpPort { get; }

    public int UdpPort { get; }

    public int DnsPort { get; }

    public TcpCatcher Tcp { get; }

    /// <summary>Binds and starts everything; a port in use throws <see cref="SocketException"/> before anything runs.</summary>
    public static Catcher Start(
        SinkholeOptions options,
        Stream output,
        ITcpOriginalDestination tcpOriginal,
        IUdpOriginalDestination udpOriginal,
        TimeProvider time)
    {
        var sockets = new List<Socket>();
        try
        {
            var capture = options.CaptureLimits;
            var tcpListeners = BindTcp(options, sockets);
            var udpSockets = BindUdpCatchAll(options, sockets);
            var dnsSockets = BindDns(options, sockets);
            var records = new RecordWriter(output, options.RecordLimits, time);
            var addresses = new FakeAddressBook(options.MaxNames);
            var answerer = new DnsAnswerer(addresses, options.Ipv6);
            var tcp = new TcpCatcher(
                tcpListeners,
                new TcpConnectionHandler(tcpOriginal, addresses, answerer, records, capture, time),
                records,
                capture,
                time);
            var udp = new UdpCatcher(udpSockets, udpOriginal, addresses, records, capture, time);
            var dns = new DnsUdpServer(dnsSockets, answerer, records, time);
            var tcpPort = LocalPort(tcpListeners[0]);
            var udpPort = LocalPort(udpSockets[0]);
            var dnsPort = LocalPort(dnsSockets[0]);
            records.WriteNow(new ReadyRecord(
                time.GetUtcNow(), Environment.ProcessId, tcpPort, udpPort, dnsPort, options.Ipv6, udpOriginal.Problem, capture.CaptureBytes, capture.MaxConnections));

            var stopping = new CancellationTokenSource();
            var running = Task.WhenAll(
                Task.Run(() => tcp.RunAsync(stopping.Token)),
                Task.Run(() => udp.RunAsync(stopping.Token)),
                Task.Run(() => dns.RunAsync(stopping.Token)));
            return new Catcher(sockets, running, records, tcpPort, udpPort, dnsPort, tcp, stopping);
        }
        catch
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Stops listening, waits for open connections to be recorded, and ends the records file.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await _running.ConfigureAwait(false);
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await _records.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static int LocalPort(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static List<Socket> BindTcp(SinkholeOptions options, List<Socket> all)
    {
        var first = Listen(options.Listen, options.TcpPort, all);
        var listeners = new List<Socket> { first };
        if (options.Ipv6)
        {
            listeners.Add(Listen(Ipv6Twin(options.Listen), LocalPort(first), all));
        }

        return listeners;
    }

    private static List<Socket> BindUdpCatchAll(SinkholeOptions options, List<Socket> all)
    {
        var first = BindUdp(options.Listen, options.UdpPort, all);
        var sockets = new List<Socket> { first };
        if (options.Ipv6)
        {
            sockets.Add(BindUdp(Ipv6Twin(options.Listen), LocalPort(first), all));
        }

        return sockets;
    }

    /// <summary>
    /// A REDIRECTed query arrives at loopback and its reply must leave from loopback for conntrack to undo the NAT,
    /// while a port-only DNAT leaves the nameserver's address and the reply must come from it. Sockets bound to
    /// loopback and to the wildcard on the same port serve both: the kernel delivers to the more specific one.
    /// </summary>
    private static List<Socket> BindDns(SinkholeOptions options, List<Socket> all)
    {
        var loopback = BindUdp(IPAddress.Loopback, options.DnsPort, all, shared: true);
        var port = LocalPort(loopback);
        var sockets = new List<Socket> { loopback };
        if (!IPAddress.IsLoopback(options.Listen))
        {
            sockets.Add(BindUdp(options.Listen, port, all, shared: true));
        }

        if (options.Ipv6)
        {
            sockets.Add(BindUdp(IPAddress.IPv6Loopback, port, all, shared: true));
            if (!IPAddress.IsLoopback(options.Listen))
            {
                sockets.Add(BindUdp(Ipv6Twin(options.Listen), port, all, shared: true));
            }
        }

        return sockets;
    }

    private static IPAddress Ipv6Twin(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address
        : IPAddress.IsLoopback(address) ? IPAddress.IPv6Loopback
        : IPAddress.IPv6Any;

    private static Socket Listen(IPAddress address, int port, List<Socket> all)
    {
        var socket = NewSocket(address, SocketType.Stream, ProtocolType.Tcp, all);
        // SO_REUSEADDR alone (.NET's ReuseAddress would add SO_REUSEPORT): restart despite TIME_WAIT, never share.
        socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        socket.Bind(new IPEndPoint(address, port));
        socket.Listen(4096); // the kernel caps it at somaxconn; a burst of connects waits there, not in memory
        return socket;
    }

    /// <param name="shared">Another socket of ours binds the same port on another address (the DNS pair).</param>
    private static Socket BindUdp(IPAddress address, int port, List<Socket> all, bool shared = false)
    {
        var socket = NewSocket(address, SocketType.Dgram, ProtocolType.Udp, all);
        if (shared)
        {
            // SO_REUSEPORT, not SO_REUSEADDR: only sockets of the same uid may join, so the target cannot bind the
            // port too and take its own datagrams away from the catcher (SO_REUSEADDR on UDP would let it).
            socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
        }

        socket.Bind(new IPEndPoint(address, port));
        return socket;
    }

    private static Socket NewSocket(IPAddress address, SocketType type, ProtocolType protocol, List<Socket> all)
    {
        var socket = new Socket(address.AddressFamily, type, protocol);
        all.Add(socket);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            socket.DualMode = false; // IPv4 has its own socket, and its own SO_ORIGINAL_DST
        }

        return socket;
    }
}
