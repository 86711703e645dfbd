using System.Net;
using System.Net.Sockets;
using DynamicProbe.Sinkhole.Tcp;
using DynamicProbe.Sinkhole.Udp;

namespace DynamicProbe.Sinkhole.Tests.Support;

/// <summary>
/// Stands in for the NAT table on loopback, where nothing is redirected: every connection or datagram "was headed"
/// where the test says.
/// </summary>
public sealed class FakeOriginalDestinations : ITcpOriginalDestination, IUdpOriginalDestination
{
    public IPEndPoint? Tcp { get; set; }

    public IPEndPoint? Udp { get; set; }

    public string? Problem => null;

    public IPEndPoint? Find(Socket accepted) => Tcp;

    public IReadOnlyDictionary<IPEndPoint, IPEndPoint> Find(IReadOnlyCollection<IPEndPoint> sources, int localPort) =>
        Udp is { } destination ? sources.ToDictionary(s => s, _ => destination) : [];
}
