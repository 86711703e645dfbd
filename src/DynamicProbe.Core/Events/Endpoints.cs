using System.Net;

namespace DynamicProbe.Core.Events;

/// <summary>The <c>host:port</c> form that <c>expect.network</c> globs match.</summary>
public static class Endpoints
{
    /// <summary>
    /// IPv6 in brackets; an IPv4-mapped IPv6 address (what .NET's dual-mode sockets connect to) as the IPv4 address
    /// it is, so <c>127.0.0.1:8080</c> allows it.
    /// </summary>
    public static string Format(string address, int port)
    {
        if (!address.Contains(':', StringComparison.Ordinal))
        {
            return $"{address}:{port}";
        }

        return IPAddress.TryParse(address, out var ip) && ip.IsIPv4MappedToIPv6
            ? $"{ip.MapToIPv4()}:{port}"
            : $"[{address}]:{port}";
    }
}
