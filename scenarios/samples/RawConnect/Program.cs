// MALICIOUS SAMPLE (runs only in the sandbox): skips .NET's socket classes and calls libc socket()/connect()
// directly to reach a "C2" at 203.0.113.7:4444 (a documentation address: nothing answers there).
using System.Runtime.InteropServices;

var fd = Native.socket(2 /* AF_INET */, 1 /* SOCK_STREAM */, 0);
var address = new byte[16];
address[0] = 2; // sin_family AF_INET, little-endian
address[2] = 4444 >> 8;
address[3] = 4444 & 0xff; // sin_port, network order
byte[] ip = [203, 0, 113, 7];
ip.CopyTo(address, 4);
var result = Native.connect(fd, address, address.Length);
Console.WriteLine(result == 0 ? "connected" : $"offline (errno {Marshal.GetLastPInvokeError()})");

internal static partial class Native
{
    [DllImport("libc", SetLastError = true)]
    internal static extern int socket(int domain, int type, int protocol);

    [DllImport("libc", SetLastError = true)]
    internal static extern int connect(int fd, byte[] address, int length);
}
