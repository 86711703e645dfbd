namespace DynamicProbe.Core.Events;

/// <summary>An execve: the resolved executable path, the full argv and whether the call succeeded.</summary>
/// <param name="Result">0 on success, else the negative errno the program got.</param>
/// <param name="ArgvTruncated">True when the argv had more elements, or longer ones, than the monitor records.</param>
public sealed record ProcessExecEvent(
    DateTimeOffset Time,
    int Pid,
    string Process,
    int ParentPid,
    string Path,
    IReadOnlyList<string> Argv,
    int Result,
    bool PathTruncated = false,
    bool ArgvTruncated = false) : ProbeEvent(Time, Pid, Process)
{
    /// <summary>The errno name when the exec failed.</summary>
    public string? Error => Errno.NameOf(Result);
}
