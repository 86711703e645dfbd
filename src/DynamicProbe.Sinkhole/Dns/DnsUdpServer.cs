using System.Net;
using System.Net.Sockets;
using DynamicProbe.Sinkhole.Records;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>
/// The fake resolver on UDP. Each socket is served by its own loop; a query is answered and recorded before the
/// next is read, so a flood only fills the kernel's queue (which drops), never the catcher's memory.
/// </summary>
public sealed class DnsUdpServer(IReadOnlyList<Socket> sockets, DnsAnswerer answerer, RecordWriter records, TimeProvider time)
{
    private const int MaxDatagram = 65535;

    public Task RunAsync(CancellationToken stopping) => Task.WhenAll(sockets.Select(socket => ServeAsync(socket, stopping)));

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var buffer = new byte[MaxDatagram];
        EndPoint anyone = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, anyone, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. an ICMP error for an earlier reply; the socket itself is fine
            }

            var client = (IPEndPoint)received.RemoteEndPoint;
            var exchange = answerer.Answer(buffer.AsSpan(0, received.ReceivedBytes));
            if (exchange.Response is { } response)
            {
                try
                {
                    await socket.SendToAsync(response, SocketFlags.None, client, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (SocketException exception)
                {
                    await records.SubmitAsync(new ErrorRecord(time.GetUtcNow(), "dns", $"cannot answer port {client.Port}: {exception.Message}")).ConfigureAwait(false);
                }
            }

            foreach (var record in DnsExchangeRecords.For(exchange, time.GetUtcNow(), "udp", client.Port))
            {
                await records.SubmitAsync(record).ConfigureAwait(false);
            }
        }
    }
}
