namespace DynamicProbe.Core.Events;

/// <summary>open(2) flags as their names, for evidence a reader can check at a glance.</summary>
public static class OpenFlags
{
    public const int WriteOnly = 0x1;
    public const int ReadWrite = 0x2;
    public const int Create = 0x40;
    public const int Truncate = 0x200;
    public const int Append = 0x400;

    private static readonly (int Bit, string Name)[] Bits =
    [
        (Create, "O_CREAT"), (0x80, "O_EXCL"), (0x100, "O_NOCTTY"), (Truncate, "O_TRUNC"), (Append, "O_APPEND"),
        (0x800, "O_NONBLOCK"), (0x10000, "O_DIRECTORY"), (0x20000, "O_NOFOLLOW"), (0x80000, "O_CLOEXEC"),
        (0x400000, "O_TMPFILE"), (0x200000, "O_PATH"),
    ];

    /// <summary>True when the flags let the caller change the file (not only read it).</summary>
    public static bool Writes(int flags) => (flags & (WriteOnly | ReadWrite | Create | Truncate | Append)) != 0;

    public static string Describe(int flags)
    {
        var access = (flags & 0x3) switch
        {
            0 => "O_RDONLY",
            1 => "O_WRONLY",
            _ => "O_RDWR",
        };
        return string.Join('|', Bits.Where(b => (flags & b.Bit) == b.Bit).Select(b => b.Name).Prepend(access));
    }
}
