using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Creates a TCP socket in a sandbox's network namespace for the host process to use: a socket belongs for good to
/// the namespace it was created in, whatever thread uses it afterwards. <c>setns(2)</c> moves only the calling
/// thread, so a dedicated thread (never a thread-pool thread, which would go on to run other work in the sandbox's
/// namespace) enters the namespace, creates the socket, returns to its own namespace and ends.
/// The host process is in no sandbox's cgroup, so the monitor never records what this socket does.
/// </summary>
internal static partial class NetworkNamespaceSocket
{
    private const int NewNetworkNamespace = 0x40000000; // CLONE_NEWNET
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC

    /// <param name="pid">A host process inside the sandbox (its init): its <c>/proc/&lt;pid&gt;/ns/net</c> is entered.</param>
    public static Task<Socket> CreateAsync(int pid, AddressFamily family)
    {
        var created = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                created.SetResult(CreateOnThisThread(pid, family));
            }
            catch (Exception error)
            {
                created.SetException(error);
            }
        })
        {
            IsBackground = true,
            Name = "dynamicprobe-netns",
        };
        thread.Start();
        return created.Task;
    }

    private static Socket CreateOnThisThread(int pid, AddressFamily family)
    {
        var own = Open("/proc/thread-self/ns/net");
        try
        {
            var sandbox = Open(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/ns/net"));
            try
            {
                Enter(sandbox, "the sandbox's network namespace");
            }
            finally
            {
                Close(sandbox);
            }

            var socket = new Socket(family, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                // The thread ends right after, so failing here only costs this socket: nothing else ever runs on it.
                Enter(own, "the host's network namespace again");
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            return socket;
        }
        finally
        {
            Close(own);
        }
    }

    private static int Open(string path)
    {
        var fd = OpenFile(path, ReadOnlyCloseOnExec);
        return fd >= 0
            ? fd
            : throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()}): is the sandbox still running?");
    }

    private static void Enter(int fd, string what)
    {
        if (SetNamespace(fd, NewNetworkNamespace) != 0)
        {
            throw new IOException($"setns into {what} failed (errno {Marshal.GetLastPInvokeError()}): DynamicProbe must run as root");
        }
    }

    private static void Close(int fd) => _ = CloseFile(fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int namespaceType);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFile(int fd);
}
