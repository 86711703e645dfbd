using System.Collections.Concurrent;
using System.Net.Sockets;
using DynamicProbe.Sinkhole.Records;

namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>
/// Accepts every redirected connection. The accept loop never waits on a connection: each is handled on its own
/// task, and past <see cref="CaptureLimits.MaxConnections"/> open ones a new connection is recorded (destination
/// only) and closed at once, so thousands of silent connections cost bounded memory and block nothing.
/// </summary>
public sealed class TcpCatcher(IReadOnlyList<Socket> listeners, TcpConnectionHandler handler, RecordWriter records, CaptureLimits limits, TimeProvider time)
{
    private static readonly TimeSpan AcceptErrorPause = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<long, Task> _handling = new();
    private long _nextConnection;
    private int _open;

    /// <summary>Connections being listened to right now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Accepts until <paramref name="stopping"/>, then waits for open connections to be recorded.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await Task.WhenAll(listeners.Select(listener => AcceptAsync(listener, stopping))).ConfigureAwait(false);
        await Task.WhenAll(_handling.Values).ConfigureAwait(false);
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException exception)
            {
                // EMFILE and friends: say so, breathe, go on; the kernel keeps the backlog meanwhile.
                await records.SubmitAsync(new ErrorRecord(time.GetUtcNow(), "tcp", $"accept failed: {exception.Message}")).ConfigureAwait(false);
                try
                {
                    await Task.Delay(AcceptErrorPause, time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var acceptedAt = time.GetUtcNow();
            if (Interlocked.Increment(ref _open) > limits.MaxConnections)
            {
                Interlocked.Decrement(ref _open);
                using (client)
                {
                    await records.SubmitAsync(handler.Unread(client, acceptedAt, TcpConnectionEnd.Overloaded)).ConfigureAwait(false);
                }

                continue;
            }

            var id = Interlocked.Increment(ref _nextConnection);
            var handling = HandleAsync(id, client, acceptedAt, stopping);
            _handling[id] = handling;
            if (handling.IsCompleted)
            {
                _handling.TryRemove(id, out _); // it finished before it was even listed
            }
        }
    }

    private async Task HandleAsync(long id, Socket client, DateTimeOffset acceptedAt, CancellationToken stopping)
    {
        await Task.Yield(); // off the accept loop before touching the socket
        try
        {
            using (client)
            {
                var record = await handler.HandleAsync(client, acceptedAt, stopping).ConfigureAwait(false);
                await records.SubmitAsync(record).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // Whatever a program does to its connection must not take the catcher down.
            await records.SubmitAsync(new ErrorRecord(time.GetUtcNow(), "tcp", $"connection failed: {exception.GetType().Name}: {exception.Message}")).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            _handling.TryRemove(id, out _);
        }
    }
}
