namespace DynamicProbe.Core.Analysis;

/// <summary>An action in a few words (<c>connected to api.example.com:443</c>), for messages that compare runs.</summary>
public static class ActionPhrase
{
    public static string Of(ActionKind kind, string subject) => kind switch
    {
        ActionKind.FileRead => $"read {subject}",
        ActionKind.FileWrite => $"wrote {subject}",
        ActionKind.FileDelete => $"deleted {subject}",
        ActionKind.ProcessExec => $"started {subject}",
        ActionKind.NetworkConnect => $"connected to {subject}",
        ActionKind.NetworkSend => $"sent data to {subject}",
        ActionKind.NetworkListen => $"listened on {subject}",
        ActionKind.PrivilegedCall => $"made the privileged call {subject}",
        _ => $"looked up {subject}",
    };
}
