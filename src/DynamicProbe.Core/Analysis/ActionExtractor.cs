using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis;

/// <summary>Turns monitor events into the actions expectations judge. Forks and exits are context, not actions.</summary>
public static class ActionExtractor
{
    private const int SetUidBit = 0x800;
    private const int SetIdBits = SetUidBit | 0x400;

    public static IEnumerable<ObservedAction> Extract(ProbeEvent probeEvent) => probeEvent switch
    {
        ProcessExecEvent exec => [new(ActionKind.ProcessExec, exec.Path, exec)],
        FileEvent file => FromFile(file),
        NetworkEvent net => FromNetwork(net),
        DnsQueryEvent dns => [new(ActionKind.DnsQuery, dns.Name, dns)],

        // Signalling or tracing its own children is ordinary process management, not tampering.
        PrivilegedCallEvent { TargetIsOwn: true } => [],

        // Signal 0 delivers nothing: it asks whether a pid exists (a pid file's owner still alive), which is not tampering.
        PrivilegedCallEvent { Call: PrivilegedCall.Kill, Argument: 0 } => [],
        PrivilegedCallEvent call => [new(ActionKind.PrivilegedCall, call.CallName, call)],
        _ => [],
    };

    private static IEnumerable<ObservedAction> FromFile(FileEvent file)
    {
        switch (file.Operation)
        {
            case FileOperation.Read:
                yield return new(ActionKind.FileRead, file.Path, file);
                break;
            case FileOperation.Unlink or FileOperation.Rmdir:
                yield return new(ActionKind.FileDelete, file.Path, file);
                break;
            case FileOperation.Rename:
                // A rename removes the old name and writes the new one: both must be allowed.
                yield return new(ActionKind.FileDelete, file.Path, file);
                if (file.SecondPath is not null)
                {
                    yield return new(ActionKind.FileWrite, file.SecondPath, file);
                }

                break;
            case FileOperation.Link:
                yield return new(ActionKind.FileWrite, file.SecondPath ?? file.Path, file);
                break;
            case FileOperation.Chmod when (file.Flags & SetIdBits) != 0:
                yield return new(ActionKind.FileWrite, file.Path, file);
                yield return new(ActionKind.PrivilegedCall, (file.Flags & SetUidBit) != 0 ? "setuid-bit" : "setgid-bit", file);
                break;
            default:
                yield return new(ActionKind.FileWrite, file.Path, file);
                break;
        }
    }

    private static IEnumerable<ObservedAction> FromNetwork(NetworkEvent net)
    {
        switch (net.Operation)
        {
            case NetworkOperation.Connect:
                yield return new(ActionKind.NetworkConnect, net.Endpoint, net);
                break;
            case NetworkOperation.SendTo:
                yield return new(ActionKind.NetworkSend, net.Endpoint, net);
                break;
            case NetworkOperation.Listen:
                yield return new(ActionKind.NetworkListen, net.Endpoint, net);
                break;
            case NetworkOperation.Bind when net.Port != 0 || net.Family == AddressFamily.Unix:
                // A bound port is a server even without listen() (UDP); port 0 is an ephemeral client bind.
                yield return new(ActionKind.NetworkListen, net.Endpoint, net);
                break;
        }
    }
}
