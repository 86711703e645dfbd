using System.Net;

namespace DynamicProbe.Sinkhole.Udp;

/// <summary>
/// Where redirected UDP datagrams were originally headed. A UDP socket has no SO_ORIGINAL_DST, so this asks the
/// connection-tracking table, keyed by each datagram's source (which NAT leaves alone).
/// </summary>
public interface IUdpOriginalDestination
{
    /// <summary>Why original destinations cannot be found here, or null when they can.</summary>
    string? Problem { get; }

    /// <summary>The original destination of each source that has one, for datagrams that reached <paramref name="localPort"/>.</summary>
    IReadOnlyDictionary<IPEndPoint, IPEndPoint> Find(IReadOnlyCollection<IPEndPoint> sources, int localPort);
}
