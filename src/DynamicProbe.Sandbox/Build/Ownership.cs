using System.Runtime.InteropServices;

namespace DynamicProbe.Sandbox.Build;

/// <summary>chown(2) for files the host prepares for the unprivileged sandbox user.</summary>
internal static partial class Ownership
{
    public static void Change(string path, int uid, int gid)
    {
        if (Native.lchown(path, uid, gid) != 0)
        {
            throw new IOException($"cannot give {path} to uid {uid}: errno {Marshal.GetLastPInvokeError()} (DynamicProbe must run as root to prepare sandboxes)");
        }
    }

    private static partial class Native
    {
        [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int lchown(string path, int owner, int group);
    }
}
