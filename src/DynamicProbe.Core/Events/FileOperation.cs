namespace DynamicProbe.Core.Events;

/// <summary>What a process did to a path.</summary>
public enum FileOperation
{
    /// <summary>Opened for reading only.</summary>
    Read,

    /// <summary>Opened for writing (write-only, read-write, create, truncate or append).</summary>
    Write,
    Unlink,
    Rmdir,
    Rename,
    Chmod,
    Mkdir,
    Symlink,
    Link,
}
