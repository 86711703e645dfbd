using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DynamicProbe.Sinkhole.Dns;
using DynamicProbe.Sinkhole.Records;

namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>
/// Listens to one caught connection: keeps its first bytes, answers HTTP, TLS and DNS-over-TCP so the program goes
/// on, counts the rest until the program closes, goes quiet, or runs out of time, and returns what it saw.
/// </summary>
public sealed class TcpConnectionHandler(
    ITcpOriginalDestination originalDestination,
    FakeAddressBook addresses,
    DnsAnswerer dns,
    RecordWriter records,
    CaptureLimits limits,
    TimeProvider time)
{
    private const int DnsPort = 53;
    private const int MaxDnsQueriesPerConnection = 32;

    /// <summary>A fatal handshake_failure alert: a TLS client gives up at once instead of waiting for a ServerHello.</summary>
    private static ReadOnlySpan<byte> TlsHandshakeFailure => [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28];

    /// <summary>Bytes past the capture limit are counted, never looked at, so every connection shares this one buffer.</summary>
    private readonly byte[] _discard = new byte[64 * 1024];

    public TcpCaptureRecord Unread(Socket client, DateTimeOffset acceptedAt, TcpConnectionEnd end)
    {
        var (source, destination, from, dnsName) = Describe(client);
        return new TcpCaptureRecord(acceptedAt, source, destination.Address.ToString(), destination.Port, from, dnsName, null, null, null, [], 0, end, 0);
    }

    public async Task<TcpCaptureRecord> HandleAsync(Socket client, DateTimeOffset acceptedAt, CancellationToken stopping)
    {
        var started = time.GetTimestamp();
        var (source, destination, from, dnsName) = Describe(client);
        var capture = ArrayPool<byte>.Shared.Rent(limits.CaptureBytes);
        var conversation = new Conversation(client, stopping, limits, started, time);
        try
        {
            var captured = 0;
            var dnsConsumed = 0;
            var dnsQueries = 0;
            var sentContinue = false;
            string? response = null;
            TcpConnectionEnd end;
            while (true)
            {
                Memory<byte> into = captured < limits.CaptureBytes
                    ? capture.AsMemory(captured, limits.CaptureBytes - captured)
                    : _discard;
                var (read, stop) = await conversation.ReceiveAsync(into).ConfigureAwait(false);
                if (stop is { } reason)
                {
                    // A request whose body never completes still gets its answer once the program falls silent.
                    if (reason == TcpConnectionEnd.Idle && response is null
                        && HttpRequestHead.TryParse(capture.AsSpan(0, captured)) is { HeadComplete: true } waiting)
                    {
                        response = await AnswerHttpAsync(conversation, waiting).ConfigureAwait(false);
                        continue;
                    }

                    end = reason;
                    break;
                }

                if (captured < limits.CaptureBytes)
                {
                    captured += read;
                }

                if (conversation.TotalBytes > limits.CountBytes)
                {
                    end = TcpConnectionEnd.ByteCap;
                    break;
                }

                var seen = capture.AsMemory(0, captured);
                var full = captured == limits.CaptureBytes;
                if (destination.Port == DnsPort && !TlsClientHello.LooksLikeTls(seen.Span) && !HttpRequestHead.LooksLikeHttp(seen.Span))
                {
                    while (!full && dnsQueries < MaxDnsQueriesPerConnection && TryTakeDnsMessage(seen, ref dnsConsumed, out var query))
                    {
                        dnsQueries++;
                        await AnswerDnsAsync(conversation, query, source).ConfigureAwait(false);
                        response = "dns";
                    }
                }
                else if (response is null && TlsClientHello.LooksLikeTls(seen.Span))
                {
                    if (full || TlsClientHello.Inspect(seen.Span).IsComplete)
                    {
                        await conversation.SendAsync(TlsHandshakeFailure.ToArray()).ConfigureAwait(false);
                        response = "tls-alert";
                    }
                }
                else if (response is null && HttpRequestHead.TryParse(seen.Span) is { } request)
                {
                    if (request.HeadComplete && (full || request.IsCompleteIn(seen.Span)))
                    {
                        response = await AnswerHttpAsync(conversation, request).ConfigureAwait(false);
                    }
                    else if (request is { HeadComplete: true, ExpectsContinue: true } && !sentContinue)
                    {
                        sentContinue = true;
                        await conversation.SendAsync(HttpResponses.Continue.ToArray()).ConfigureAwait(false);
                    }
                    else if (full)
                    {
                        response = await AnswerHttpAsync(conversation, request).ConfigureAwait(false);
                    }
                }
            }

            var firstBytes = capture.AsSpan(0, captured);
            return new TcpCaptureRecord(
                acceptedAt,
                source,
                destination.Address.ToString(),
                destination.Port,
                from,
                dnsName,
                TlsClientHello.Inspect(firstBytes).ServerName,
                HttpRequestHead.TryParse(firstBytes)?.Summary,
                response,
                firstBytes.ToArray(),
                conversation.TotalBytes,
                end,
                (long)time.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            conversation.Dispose();
            ArrayPool<byte>.Shared.Return(capture);
        }
    }

    private (int SourcePort, IPEndPoint Destination, string From, string? DnsName) Describe(Socket client)
    {
        var source = client.RemoteEndPoint as IPEndPoint;
        var original = originalDestination.Find(client);
        var destination = original ?? client.LocalEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        if (destination.Address.IsIPv4MappedToIPv6)
        {
            destination = new IPEndPoint(destination.Address.MapToIPv4(), destination.Port);
        }

        return (source?.Port ?? 0, destination, original is null ? "socket" : "conntrack", addresses.NameFor(destination.Address));
    }

    private static async Task<string> AnswerHttpAsync(Conversation conversation, HttpRequestHead request)
    {
        await conversation.SendAsync(HttpResponses.For(request)).ConfigureAwait(false);
        conversation.EndSending();
        return "http";
    }

    private static bool TryTakeDnsMessage(ReadOnlyMemory<byte> seen, ref int consumed, out ReadOnlyMemory<byte> message)
    {
        message = default;
        var rest = seen[consumed..];
        if (rest.Length < 2)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(rest.Span);
        if (rest.Length < 2 + length)
        {
            return false;
        }

        message = rest.Slice(2, length);
        consumed += 2 + length;
        return true;
    }

    private async Task AnswerDnsAsync(Conversation conversation, ReadOnlyMemory<byte> query, int sourcePort)
    {
        var exchange = dns.Answer(query.Span);
        foreach (var record in DnsExchangeRecords.For(exchange, time.GetUtcNow(), "tcp", sourcePort))
        {
            await records.SubmitAsync(record).ConfigureAwait(false);
        }

        if (exchange.Response is { } answer)
        {
            var framed = new byte[2 + answer.Length];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)answer.Length);
            answer.CopyTo(framed, 2);
            await conversation.SendAsync(framed).ConfigureAwait(false);
        }
    }

    /// <summary>The socket with the connection's clocks: an idle timeout per read and one deadline for everything.</summary>
    private sealed class Conversation(Socket socket, CancellationToken stopping, CaptureLimits limits, long started, TimeProvider time) : IDisposable
    {
        private CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);

        /// <summary>The armed timeout is what is left of the deadline, not the idle timeout (timers may fire a tick early).</summary>
        private bool _armedForDeadline;

        public long TotalBytes { get; private set; }

        public async Task<(int Read, TcpConnectionEnd? End)> ReceiveAsync(Memory<byte> into)
        {
            if (!Arm())
            {
                return (0, StoppedBy());
            }

            try
            {
                var read = await socket.ReceiveAsync(into, SocketFlags.None, _timeout.Token).ConfigureAwait(false);
                TotalBytes += read;
                return read == 0 ? (0, TcpConnectionEnd.Closed) : (read, null);
            }
            catch (OperationCanceledException)
            {
                return (0, StoppedBy());
            }
            catch (SocketException)
            {
                return (0, TcpConnectionEnd.Reset);
            }
            finally
            {
                Disarm();
            }
        }

        /// <summary>Sends under the same clocks; a program that never reads cannot hold the catcher.</summary>
        public async Task SendAsync(ReadOnlyMemory<byte> data)
        {
            if (!Arm())
            {
                return;
            }

            try
            {
                await socket.SendAsync(data, SocketFlags.None, _timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException)
            {
                // The program went away or stopped reading: the record says what it sent, which is what matters.
            }
            finally
            {
                Disarm();
            }
        }

        public void EndSending()
        {
            try
            {
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // Already reset by the program.
            }
        }

        public void Dispose() => _timeout.Dispose();

        private bool Arm()
        {
            var remaining = limits.ConnectionDeadline - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero || stopping.IsCancellationRequested)
            {
                return false;
            }

            _armedForDeadline = remaining <= limits.Idle;
            _timeout.CancelAfter(_armedForDeadline ? remaining : limits.Idle);
            return true;
        }

        private void Disarm()
        {
            if (!_timeout.TryReset())
            {
                _timeout.Dispose();
                _timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            }
        }

        private TcpConnectionEnd StoppedBy()
        {
            if (stopping.IsCancellationRequested)
            {
                return TcpConnectionEnd.Shutdown;
            }

            return _armedForDeadline || time.GetElapsedTime(started) >= limits.ConnectionDeadline
                ? TcpConnectionEnd.Deadline
                : TcpConnectionEnd.Idle;
        }
    }
}
