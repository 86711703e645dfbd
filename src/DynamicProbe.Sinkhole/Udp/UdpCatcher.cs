using System.Net;
using System.Net.Sockets;
using DynamicProbe.Sinkhole.Dns;
using DynamicProbe.Sinkhole.Records;
using DynamicProbe.Sinkhole.Tcp;

namespace DynamicProbe.Sinkhole.Udp;

/// <summary>
/// Records every redirected UDP datagram (other than DNS, which the fake resolver takes). Datagrams already queued
/// are taken in one batch so one pass over the conntrack table finds all their original destinations. The address
/// also comes from the datagram itself when the pod used a port-only DNAT, which leaves it intact.
/// </summary>
public sealed class UdpCatcher(
    IReadOnlyList<Socket> sockets,
    IUdpOriginalDestination originalDestination,
    FakeAddressBook addresses,
    RecordWriter records,
    CaptureLimits limits,
    TimeProvider time)
{
    private const int MaxDatagram = 65535;
    private const int MaxBatch = 64;

    public Task RunAsync(CancellationToken stopping) => Task.WhenAll(sockets.Select(socket => ServeAsync(socket, stopping)));

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var buffer = new byte[MaxDatagram];
        var localPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var anyone = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var batch = new List<Datagram>(MaxBatch);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var first = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, anyone, stopping).ConfigureAwait(false);
                batch.Add(Keep(buffer, first.ReceivedBytes, first.RemoteEndPoint, first.PacketInformation.Address));
                while (batch.Count < MaxBatch && socket.Available > 0)
                {
                    var flags = SocketFlags.None;
                    EndPoint remote = anyone;
                    var read = socket.ReceiveMessageFrom(buffer, ref flags, ref remote, out var packet);
                    batch.Add(Keep(buffer, read, remote, packet.Address));
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error queued on the socket; what was batched so far is still recorded below.
            }

            await RecordAsync(batch, localPort).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private Datagram Keep(byte[] buffer, int length, EndPoint remote, IPAddress packetDestination) =>
        new(time.GetUtcNow(), (IPEndPoint)remote, packetDestination, buffer.AsSpan(0, Math.Min(length, limits.CaptureBytes)).ToArray(), length);

    private async Task RecordAsync(List<Datagram> batch, int localPort)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var originals = originalDestination.Find([.. batch.Select(d => d.Source)], localPort);
        foreach (var datagram in batch)
        {
            string? address = null;
            int? port = null;
            string? from = null;
            IPAddress? known = null;
            if (originals.TryGetValue(datagram.Source, out var original))
            {
                known = original.Address;
                port = original.Port;
                from = "conntrack";
            }
            else if (IsRealDestination(datagram.PacketDestination))
            {
                known = datagram.PacketDestination;
                from = "packet";
            }

            if (known is not null)
            {
                known = known.IsIPv4MappedToIPv6 ? known.MapToIPv4() : known;
                address = known.ToString();
            }

            await records.SubmitAsync(new UdpCaptureRecord(
                datagram.Time,
                datagram.Source.Port,
                address,
                port,
                from,
                known is null ? null : addresses.NameFor(known),
                datagram.FirstBytes,
                datagram.Length)).ConfigureAwait(false);
        }
    }

    /// <summary>A REDIRECT leaves loopback as the destination; a port-only DNAT leaves the one the program chose.</summary>
    private static bool IsRealDestination(IPAddress address) =>
        !IPAddress.IsLoopback(address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.None)
        && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6None);

    private sealed record Datagram(DateTimeOffset Time, IPEndPoint Source, IPAddress PacketDestination, byte[] FirstBytes, int Length);
}
