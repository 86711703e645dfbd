namespace DynamicProbe.Core.Events;

/// <summary>
/// A socket call with the address it named. For <see cref="AddressFamily.Unix"/>, <paramref name="Address"/> is the
/// socket path and <paramref name="Port"/> is 0. For Listen, the address is the one the socket was bound to, when the
/// bind was seen, else "*".
/// </summary>
/// <param name="Result">The syscall's return: non-negative on success, else the negative errno.</param>
/// <param name="Bytes">For SendTo, how many bytes the program asked to send.</param>
public sealed record NetworkEvent(
    DateTimeOffset Time,
    int Pid,
    string Process,
    NetworkOperation Operation,
    AddressFamily Family,
    string Address,
    int Port,
    int Result,
    long? Bytes = null) : ProbeEvent(Time, Pid, Process)
{
    /// <summary>The address as <see cref="Endpoints.Format"/> gives it, or the socket path for Unix sockets.</summary>
    public string Endpoint => Family == AddressFamily.Unix ? Address : Endpoints.Format(Address, Port);

    /// <summary>The errno name when the call failed.</summary>
    public string? Error => Errno.NameOf(Result);
}
