namespace DynamicProbe.Core.Resources;

/// <summary>A writable file system of the sandbox: its size and the most it held when sampled (statfs from the host).</summary>
public sealed record DiskUsage(string MountPoint, long SizeBytes, long PeakUsedBytes)
{
    /// <summary>Full: at most 1% of it (and at least 4 KiB) was left at some sample.</summary>
    public bool WasFull => SizeBytes > 0 && SizeBytes - PeakUsedBytes <= Math.Max(4096, SizeBytes / 100);
}
