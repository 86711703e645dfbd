namespace DynamicProbe.Core.Events;

public enum NetworkOperation
{
    Connect,
    Bind,
    Listen,

    /// <summary>A datagram sent to an explicit address (sendto/sendmsg with a destination).</summary>
    SendTo,
}
