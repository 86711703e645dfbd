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
    /// <summary>The address as <c>host:port</c>, IPv6 in brackets, the form <c>expect.network</c> globs match.</summary>
    public string Endpoint => Family switch
    {
        AddressFamily.Inet6 => $"[{Address}]:{Port}",
        AddressFamily.Unix => Address,
        _ => $"{Address}:{Port}",
    };

    /// <summary>The errno name when the call failed.</summary>
    public string? Error => Errno.NameOf(Result);
}
