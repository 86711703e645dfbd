namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>Per-connection and per-datagram bounds: what a slow, chatty or flooding program can cost the catcher.</summary>
/// <param name="CaptureBytes">First bytes kept per connection or datagram.</param>
/// <param name="IdleTimeout">A connection that sends nothing for this long is done.</param>
/// <param name="Deadline">No connection is listened to for longer than this (slowloris).</param>
/// <param name="MaxConnections">Connections handled at once; more are recorded and closed at once, unread.</param>
/// <param name="CountBytes">Bytes counted per connection before giving up on it (a flood costs CPU even unread).</param>
public sealed record CaptureLimits(
    int CaptureBytes = 16 * 1024,
    TimeSpan? IdleTimeout = null,
    TimeSpan? Deadline = null,
    int MaxConnections = 512,
    long CountBytes = 256L * 1024 * 1024)
{
    public TimeSpan Idle => IdleTimeout ?? TimeSpan.FromSeconds(2);

    public TimeSpan ConnectionDeadline => Deadline ?? TimeSpan.FromSeconds(10);
}
