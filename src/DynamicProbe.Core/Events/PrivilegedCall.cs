namespace DynamicProbe.Core.Events;

/// <summary>
/// Calls that change what a process may do or reach past its own process tree. The monitor records each with its
/// result, refused ones too: a refused <c>mount</c> is still an attempt.
/// </summary>
public enum PrivilegedCall
{
    /// <summary>kill, tkill, tgkill: <see cref="PrivilegedCallEvent.Argument"/> is the signal.</summary>
    Kill,

    /// <summary><see cref="PrivilegedCallEvent.Argument"/> is the ptrace request.</summary>
    Ptrace,
    Mount,
    Umount,

    /// <summary><see cref="PrivilegedCallEvent.Argument"/> is the CLONE_NEW* flags.</summary>
    Unshare,
    Setns,

    /// <summary>init_module, finit_module.</summary>
    ModuleLoad,
    ModuleUnload,

    /// <summary>setxattr of <c>security.capability</c> (what setcap does): the target is the file.</summary>
    SetCapability,

    /// <summary>setuid, setgid, setreuid, setresuid, …: <see cref="PrivilegedCallEvent.Argument"/> is the id asked for.</summary>
    SetUserId,
}
