namespace DynamicProbe.Core.Events;

/// <summary>
/// A file-system call. <paramref name="Path"/> is absolute and normalised (relative paths resolved against the
/// process's working directory or dirfd). For rename and link, <paramref name="SecondPath"/> is the new name; for
/// symlink, <paramref name="Path"/> is the link created and <paramref name="SecondPath"/> what it points to.
/// </summary>
/// <param name="Flags">open(2) flags for Read/Write, the mode for Chmod/Mkdir, else 0.</param>
/// <param name="Result">The syscall's return: non-negative on success, else the negative errno.</param>
/// <param name="PathTruncated">True when the monitor cut the path: what follows the cut is unknown.</param>
public sealed record FileEvent(
    DateTimeOffset Time,
    int Pid,
    string Process,
    FileOperation Operation,
    string Path,
    int Result,
    int Flags = 0,
    string? SecondPath = null,
    bool PathTruncated = false) : ProbeEvent(Time, Pid, Process)
{
    public bool Succeeded => Result >= 0;

    /// <summary>The errno name when the call failed.</summary>
    public string? Error => Errno.NameOf(Result);

    /// <summary>The open flags by name, for reads and writes.</summary>
    public string? FlagNames => Operation is FileOperation.Read or FileOperation.Write ? OpenFlags.Describe(Flags) : null;

    /// <summary>The mode in octal (<c>04755</c>: the setuid bit shows), for chmod and mkdir.</summary>
    public string? Mode => Operation is FileOperation.Chmod or FileOperation.Mkdir ? $"0{Convert.ToString(Flags & 0xFFF, 8).PadLeft(4, '0')}" : null;
}
