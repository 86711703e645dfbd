namespace DynamicProbe.Core.Events;

/// <summary>
/// A <see cref="PrivilegedCall"/> and what it acted on. <paramref name="Target"/> is in words a reader can check:
/// <c>pid -1 (every process)</c>, <c>pid 812 (/usr/bin/sleep)</c>, a mount point, <c>CLONE_NEWUSER|CLONE_NEWNS</c>,
/// a module's file, the file given capabilities.
/// </summary>
/// <param name="Argument">The call's main number: the signal, the ptrace request, the unshare flags, the id; else 0.</param>
/// <param name="Result">The syscall's return: non-negative on success, else the negative errno.</param>
/// <param name="TargetIsOwn">
/// For kill and ptrace: true when the target is the caller itself or one of its descendants, which a program may
/// signal or trace as it likes; false otherwise (every other call).
/// </param>
public sealed record PrivilegedCallEvent(
    DateTimeOffset Time,
    int Pid,
    string Process,
    PrivilegedCall Call,
    string Target,
    long Argument,
    int Result,
    bool TargetIsOwn = false) : ProbeEvent(Time, Pid, Process)
{
    public bool Succeeded => Result >= 0;

    /// <summary>The errno name when the call failed.</summary>
    public string? Error => Errno.NameOf(Result);

    /// <summary>The name rules match on: <c>kill</c>, <c>mount</c>, <c>set-capability</c>, …</summary>
    public string CallName => string.Concat(Call.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
