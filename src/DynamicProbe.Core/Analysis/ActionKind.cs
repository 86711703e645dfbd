namespace DynamicProbe.Core.Analysis;

/// <summary>The kinds of behaviour expectations speak about; rules name them in <c>rules.yaml</c>.</summary>
public enum ActionKind
{
    FileRead,
    FileWrite,
    FileDelete,
    ProcessExec,
    NetworkConnect,
    NetworkSend,
    NetworkListen,
    DnsQuery,

    /// <summary>A <see cref="Events.PrivilegedCall"/>; its subject is the call's name (<c>mount</c>, <c>kill</c>, <c>setuid-bit</c>).</summary>
    PrivilegedCall,
}
