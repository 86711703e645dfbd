using System.Formats.Tar;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;
using Microsoft.Win32.SafeHandles;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Reads what the program left in its writable places (the user's home and <c>/tmp</c>) at the end of a run, so that
/// a canary secret copied into a file is recognised (<see cref="FileContentEvent"/>). Read from the host through
/// <c>/proc/&lt;init pid&gt;/root</c>: nothing runs in the sandbox for it, and the recording shows nothing of it.
/// <para>
/// The folders are hostile ground. Every name is opened relative to its parent's descriptor with <c>O_NOFOLLOW</c>,
/// so no symlink is ever followed (a symlink to <c>/</c> would resolve on the host); files are opened
/// <c>O_NONBLOCK</c>, so a FIFO swapped in cannot hang the read; names are kept as raw bytes, so any byte sequence
/// opens (and is shown with <c>\xNN</c> for bytes that are not UTF-8). Only regular files are read. The planted canary
/// files and the seeded home files are left out while they hold what was planted. The snapshot is bounded
/// (<see cref="Limits"/>); files past the bounds are counted, never silently dropped.
/// </para>
/// </summary>
internal static partial class WrittenFilesSnapshot
{
    /// <summary>What <see cref="ProbeEvent.Process"/> says for a file snapshot: no process of the target's made the event.</summary>
    public const string Marker = "(file left in the sandbox)";

    private const byte DirectoryType = 4;
    private const byte RegularType = 8;
    private const byte UnknownType = 0;

    /// <param name="MaxFiles">Files whose content is kept; the rest are counted.</param>
    /// <param name="MaxBytesPerFile">The first bytes kept of each file.</param>
    /// <param name="MaxEntries">Folder entries looked at in all, so a million empty files cannot stall a run's end.</param>
    /// <param name="MaxDepth">Folders deeper than this are counted, not entered.</param>
    public sealed record Limits(int MaxFiles = 200, int MaxBytesPerFile = 64 * 1024, int MaxEntries = 20_000, int MaxDepth = 32)
    {
        public static Limits Default { get; } = new();
    }

    /// <param name="Unread">Files (or, past the entry or depth bound, at least one per unread folder) whose content was not kept.</param>
    /// <param name="Failure">Why the snapshot could not be taken at all.</param>
    public sealed record Result(IReadOnlyList<FileContentEvent> Files, int Unread, string? Failure)
    {
        /// <summary>
        /// The recording with the files added at its end. What could not be read makes it incomplete, so a canary in
        /// an unread file can never pass as a clean run.
        /// </summary>
        public PhaseRecording AddTo(PhaseRecording recording)
        {
            var health = recording.Health with { DroppedEvents = recording.Health.DroppedEvents + Unread };
            if (Failure is not null)
            {
                health = health with { Failure = health.Failure is null ? Failure : $"{health.Failure}; {Failure}" };
            }

            return recording with { Events = [.. recording.Events, .. Files], Health = health };
        }
    }

    public static Task<Result> TakeAsync(
        int initPid, UserAccount user, HoneytokenSet planted, Limits limits, CancellationToken cancellationToken) =>
        TakeAsync($"/proc/{initPid.ToString(CultureInfo.InvariantCulture)}/root", user, planted, limits, cancellationToken);

    /// <summary>The snapshot below <paramref name="containerRoot"/>, a host path that stands for the container's <c>/</c>.</summary>
    public static async Task<Result> TakeAsync(
        string containerRoot, UserAccount user, HoneytokenSet planted, Limits limits, CancellationToken cancellationToken)
    {
        var walk = new Walk(limits, KnownContents(user, planted));
        try
        {
            using var root = Native.Open(containerRoot, Native.ReadOnly | Native.Directory);
            foreach (var start in new[] { user.Home, "/tmp" }.Distinct(StringComparer.Ordinal))
            {
                using var folder = OpenBelow(root, start);
                await walk.VisitAsync(folder, start.TrimEnd('/'), 0, cancellationToken);
            }
        }
        catch (IOException error)
        {
            return new Result(walk.Files, walk.Unread, $"the files left in the sandbox could not be read for canary values: {error.Message}");
        }

        return new Result(walk.Files, walk.Unread, null);
    }

    /// <summary>Opens an absolute container folder one component at a time, none of them a symlink.</summary>
    private static SafeFileHandle OpenBelow(SafeFileHandle root, string folder)
    {
        var current = Native.OpenAt(root, "."u8, Native.ReadOnly | Native.Directory);
        foreach (var part in folder.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            using var parent = current;
            current = Native.OpenAt(parent, Encoding.UTF8.GetBytes(part), Native.ReadOnly | Native.Directory | Native.NoFollow);
        }

        return current;
    }

    /// <summary>What was planted in the home (seed and canaries), by container path: a file that still holds it was not written by the program.</summary>
    private static Dictionary<string, byte[]> KnownContents(UserAccount user, HoneytokenSet planted)
    {
        var known = planted.Files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Content), StringComparer.Ordinal);
        using var tar = new TarReader(new MemoryStream(HomeSeed.ArchiveFor(user)));
        while (tar.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry is { EntryType: TarEntryType.RegularFile, DataStream: { } data })
            {
                using var content = new MemoryStream();
                data.CopyTo(content);
                known[$"{user.Home.TrimEnd('/')}/{entry.Name}"] = content.ToArray();
            }
        }

        return known;
    }

    private sealed class Walk(Limits limits, Dictionary<string, byte[]> known)
    {
        private int entries;

        public List<FileContentEvent> Files { get; } = [];

        public int Unread { get; private set; }

        public async Task VisitAsync(SafeFileHandle folder, string path, int depth, CancellationToken cancellationToken)
        {
            var (names, complete) = Native.ReadEntries(folder, limits.MaxEntries - entries);
            entries += names.Count;
            if (!complete)
            {
                Unread++;
            }

            foreach (var (name, type) in names.OrderBy(n => n.Name, ByteOrder.Instance))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (name is [(byte)'.'] or [(byte)'.', (byte)'.'])
                {
                    continue;
                }

                var child = $"{path}/{TraceText.Decode(name)}";
                if (type == DirectoryType)
                {
                    await VisitFolderAsync(folder, name, child, depth + 1, cancellationToken);
                }
                else if (type is RegularType or UnknownType)
                {
                    await ReadFileAsync(folder, name, child, cancellationToken);
                }
            }
        }

        private async Task VisitFolderAsync(SafeFileHandle parent, byte[] name, string path, int depth, CancellationToken cancellationToken)
        {
            if (depth > limits.MaxDepth || entries >= limits.MaxEntries)
            {
                Unread++;
                return;
            }

            // Swapped for a symlink or a file since it was listed: not followed, and nothing of ours is in it.
            using var folder = Native.TryOpenAt(parent, name, Native.ReadOnly | Native.Directory | Native.NoFollow);
            if (folder is not null)
            {
                await VisitAsync(folder, path, depth, cancellationToken);
            }
        }

        private async Task ReadFileAsync(SafeFileHandle parent, byte[] name, string path, CancellationToken cancellationToken)
        {
            using var file = Native.TryOpenAt(parent, name, Native.ReadOnly | Native.NoFollow | Native.NonBlocking | Native.NoControllingTerminal);
            if (file is null)
            {
                return;
            }

            long size;
            byte[] content;
            try
            {
                size = RandomAccess.GetLength(file);
                content = new byte[(int)Math.Min(size, limits.MaxBytesPerFile)];
                var filled = 0;
                int read;
                while (filled < content.Length && (read = await RandomAccess.ReadAsync(file, content.AsMemory(filled), filled, cancellationToken)) > 0)
                {
                    filled += read;
                }

                content = content[..filled];
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return; // not a regular file after all (a folder listed without a type, a FIFO swapped in)
            }

            if (known.TryGetValue(path, out var planted) && size == planted.Length && content.AsSpan().SequenceEqual(planted))
            {
                return;
            }

            if (Files.Count >= limits.MaxFiles)
            {
                Unread++;
                return;
            }

            Files.Add(new FileContentEvent(DateTimeOffset.UtcNow, 0, Marker, path, Convert.ToBase64String(content), size));
        }
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static ByteOrder Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>open(2), openat(2) and getdents64(2) on raw byte names; descriptors are owned by <see cref="SafeFileHandle"/>s.</summary>
    private static partial class Native
    {
        public const int ReadOnly = 0;
        public const int NoControllingTerminal = 0x100;
        public const int NonBlocking = 0x800;
        private const int CloseOnExec = 0x80000;
        private const int DirentHeaderBytes = 19;

        // The two flags whose values differ between the architectures .NET runs on under Linux.
        private static readonly bool IsArm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

        public static int Directory => IsArm ? 0x4000 : 0x10000;

        public static int NoFollow => IsArm ? 0x8000 : 0x20000;

        /// <summary>Opens an absolute host path, following links: only for the container's root (<c>/proc/&lt;pid&gt;/root</c>, whose link is the point).</summary>
        public static SafeFileHandle Open(string path, int flags)
        {
            var fd = open(path, flags | CloseOnExec);
            return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Failure(path);
        }

        public static SafeFileHandle OpenAt(SafeFileHandle folder, ReadOnlySpan<byte> name, int flags) =>
            TryOpenAt(folder, name.ToArray(), flags) ?? throw Failure(Encoding.UTF8.GetString(name));

        public static SafeFileHandle? TryOpenAt(SafeFileHandle folder, byte[] name, int flags)
        {
            var fd = openat(Descriptor(folder), [.. name, 0], flags | CloseOnExec);
            return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : null;
        }

        /// <summary>The folder's entries (name, d_type), at most <paramref name="limit"/>; <c>Complete</c> is false when more were left.</summary>
        public static (List<(byte[] Name, byte Type)> Entries, bool Complete) ReadEntries(SafeFileHandle folder, int limit)
        {
            var entries = new List<(byte[], byte)>();
            var buffer = new byte[32 * 1024];
            while (true)
            {
                var length = (int)getdents64(Descriptor(folder), buffer, (nuint)buffer.Length);
                if (length < 0)
                {
                    throw Failure("a folder's entries");
                }

                if (length == 0)
                {
                    return (entries, true);
                }

                for (var offset = 0; offset < length;)
                {
                    if (entries.Count >= limit)
                    {
                        return (entries, false);
                    }

                    var record = buffer.AsSpan(offset, BitConverter.ToUInt16(buffer, offset + 16));
                    var name = record[DirentHeaderBytes..];
                    entries.Add((name[..name.IndexOf((byte)0)].ToArray(), record[18]));
                    offset += record.Length;
                }
            }
        }

        private static int Descriptor(SafeFileHandle handle) => (int)handle.DangerousGetHandle();

        private static IOException Failure(string what) =>
            new($"cannot open {what}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int open(string path, int flags);

        [LibraryImport("libc", SetLastError = true)]
        private static partial int openat(int folder, byte[] name, int flags);

        [LibraryImport("libc", SetLastError = true)]
        private static partial nint getdents64(int folder, byte[] buffer, nuint count);
    }
}
