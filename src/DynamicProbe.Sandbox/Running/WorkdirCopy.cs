namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Copies a scenario's workdir for mounting at <c>/work</c>: a snapshot, so the host folder can change during a run
/// without the sandbox noticing, and readable by the sandbox user whoever owns the originals. Symbolic links are copied
/// as links (they resolve inside the sandbox, never on the host).
/// </summary>
public static class WorkdirCopy
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public static void Copy(string source, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination, Readable | Executable);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                Copy(entry.FullName, target, cancellationToken);
            }
            else if (entry is FileInfo file)
            {
                // Pipes, sockets and devices report size 0 and opening a pipe would block: size-0 entries are made
                // empty without ever opening the original.
                if (file.Length == 0)
                {
                    File.Create(target).Dispose();
                }
                else
                {
                    file.CopyTo(target);
                }

                File.SetUnixFileMode(target, Readable | ((file.UnixFileMode & UnixFileMode.UserExecute) != 0 ? Executable : 0));
            }
        }
    }
}
