using System.Runtime.InteropServices;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace;

/// <summary>
/// The container's leaf in the unified (v2) hierarchy, <c>&lt;root&gt;/dynamicprobe/&lt;container id&gt;</c>. On this
/// hybrid host Docker's cgroupfs driver only manages v1, but runc also puts the container's processes into this v2
/// leaf when it exists, so it is made before the container starts. Its inode number is the cgroup id that
/// bpftrace's <c>cgroup</c> builtin returns for those processes.
/// </summary>
internal sealed partial class CgroupLeaf
{
    private CgroupLeaf(string path, ulong id)
    {
        Path = path;
        Id = id;
    }

    public string Path { get; }

    public ulong Id { get; }

    public static CgroupLeaf Create(string unifiedRoot, string containerId)
    {
        if (!File.Exists(System.IO.Path.Combine(unifiedRoot, "cgroup.controllers")))
        {
            throw new MonitorAttachException(
                $"no cgroup v2 hierarchy at {unifiedRoot}: the monitor filters on a container's v2 cgroup id, so it needs the unified hierarchy mounted there.");
        }

        var path = System.IO.Path.Combine(unifiedRoot, SandboxCgroups.Parent.Trim('/'), containerId);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        // The tracer starts watching a leaf in the mkdir that makes it: one that already exists would go unwatched.
        if (Directory.Exists(path))
        {
            Directory.Delete(path);
        }

        Directory.CreateDirectory(path);
        return new CgroupLeaf(path, InodeOf(path));
    }

    /// <summary>Removes the leaf; false while processes are still in it. A leaf already gone (Docker removes it with the container) counts as removed.</summary>
    public bool TryRemove()
    {
        try
        {
            Directory.Delete(Path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Retries <see cref="TryRemove"/> briefly; a leaf that stays busy is left for the Reaper.</summary>
    public async Task<bool> RemoveAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!TryRemove())
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return true;
    }

    private static ulong InodeOf(string path)
    {
        // struct stat: st_dev then st_ino, both 64-bit, on x86-64 and arm64 alike; 256 bytes covers the whole struct.
        var buffer = new byte[256];
        if (Stat(path, buffer) != 0)
        {
            throw new MonitorAttachException($"stat {path} failed with errno {Marshal.GetLastPInvokeError()}");
        }

        return BitConverter.ToUInt64(buffer, 8);
    }

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, byte[] buffer);
}
