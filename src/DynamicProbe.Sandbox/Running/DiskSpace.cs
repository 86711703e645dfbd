using System.Runtime.InteropServices;

namespace DynamicProbe.Sandbox.Running;

/// <summary>Size and use of a file system, from statvfs(3); read from the host through <c>/proc/&lt;pid&gt;/root</c>.</summary>
internal static partial class DiskSpace
{
    /// <summary>(size, used) in bytes, or null when the path cannot be read (the sandbox is gone).</summary>
    public static (long Size, long Used)? Of(string path)
    {
        if (StatVfs(path, out var stat) != 0)
        {
            return null;
        }

        return ((long)(stat.Blocks * stat.FragmentSize), (long)((stat.Blocks - stat.FreeBlocks) * stat.FragmentSize));
    }

    /// <summary>glibc's struct statvfs on 64-bit Linux: eleven unsigned longs and six reserved ints.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct StatVfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public ulong AvailableFiles;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        public ulong Reserved0;
        public ulong Reserved1;
        public ulong Reserved2;
    }

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatVfs(string path, out StatVfsBuffer buffer);
}
