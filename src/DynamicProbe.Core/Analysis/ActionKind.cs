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
}
