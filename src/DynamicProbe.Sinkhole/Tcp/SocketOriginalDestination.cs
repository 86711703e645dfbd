using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>
/// Asks the kernel's NAT table through <c>getsockopt(SOL_IP, SO_ORIGINAL_DST)</c> (IPv4) or
/// <c>getsockopt(SOL_IPV6, IP6T_SO_ORIGINAL_DST)</c> (IPv6): the address and port an iptables REDIRECT or DNAT
/// replaced. Needs no privilege.
/// </summary>
public sealed class SocketOriginalDestination : ITcpOriginalDestination
{
    private const int SolIp = 0;
    private const int SolIpv6 = 41;
    private const int SoOriginalDst = 80; // also IP6T_SO_ORIGINAL_DST

    public IPEndPoint? Find(Socket accepted)
    {
        try
        {
            return accepted.AddressFamily switch
            {
                AddressFamily.InterNetwork => FindIpv4(accepted),
                AddressFamily.InterNetworkV6 => FindIpv6(accepted),
                _ => null,
            };
        }
        catch (SocketException)
        {
            return null; // ENOENT: no NAT record, the program connected to the catcher directly
        }
    }

    private static IPEndPoint? FindIpv4(Socket socket)
    {
        Span<byte> sockaddr = stackalloc byte[16]; // struct sockaddr_in
        var length = socket.GetRawSocketOption(SolIp, SoOriginalDst, sockaddr);
        if (length < 8)
        {
            return null;
        }

        return new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
    }

    private static IPEndPoint? FindIpv6(Socket socket)
    {
        Span<byte> sockaddr = stackalloc byte[28]; // struct sockaddr_in6
        var length = socket.GetRawSocketOption(SolIpv6, SoOriginalDst, sockaddr);
        if (length < 24)
        {
            return null;
        }

        return new IPEndPoint(new IPAddress(sockaddr.Slice(8, 16)), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
    }
}
