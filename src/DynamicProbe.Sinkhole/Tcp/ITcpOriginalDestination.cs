using System.Net;
using System.Net.Sockets;

namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>Where an accepted, redirected connection was originally headed.</summary>
public interface ITcpOriginalDestination
{
    /// <summary>The original destination, or null when the connection was not redirected (no NAT record).</summary>
    IPEndPoint? Find(Socket accepted);
}
