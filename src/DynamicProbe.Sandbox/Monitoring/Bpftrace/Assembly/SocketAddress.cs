using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>A socket address decoded from a trace record (the address a socket was bound to, for listen).</summary>
internal sealed record SocketAddress(AddressFamily Family, string Address, int Port);
