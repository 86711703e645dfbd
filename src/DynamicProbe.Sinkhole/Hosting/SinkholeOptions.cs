using System.Net;
using DynamicProbe.Sinkhole.Records;
using DynamicProbe.Sinkhole.Tcp;
using DynamicProbe.Sinkhole.Udp;

namespace DynamicProbe.Sinkhole.Hosting;

/// <summary>Everything the catcher is told at start. Port 0 picks a free port (the ready record names it).</summary>
/// <param name="ListenAddress">Where the TCP and UDP catch-all listen; the DNS server listens here and on loopback.</param>
/// <param name="Ipv6">Also listen on IPv6 and answer AAAA; only when the pod redirects IPv6 too.</param>
public sealed record SinkholeOptions(
    string RecordsPath,
    int TcpPort = SinkholeOptions.DefaultTcpPort,
    int UdpPort = SinkholeOptions.DefaultUdpPort,
    int DnsPort = SinkholeOptions.DefaultDnsPort,
    IPAddress? ListenAddress = null,
    bool Ipv6 = false,
    CaptureLimits? Capture = null,
    RecordLimits? Records = null,
    int MaxNames = Dns.FakeAddressBook.DefaultCapacity,
    string ConntrackPath = ConntrackOriginalDestination.DefaultPath)
{
    public const int DefaultTcpPort = 15001;
    public const int DefaultUdpPort = 15002;
    public const int DefaultDnsPort = 15053;

    public IPAddress Listen => ListenAddress ?? IPAddress.Any;

    public CaptureLimits CaptureLimits => Capture ?? new CaptureLimits();

    public RecordLimits RecordLimits => Records ?? new RecordLimits();
}
