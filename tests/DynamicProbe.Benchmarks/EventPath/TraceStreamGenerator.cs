using System.Buffers.Binary;
using System.Text;

namespace DynamicProbe.Benchmarks.EventPath;

/// <summary>
/// Generates what the shared kernel monitor prints while several sandboxes run an ordinary .NET service: the runtime
/// loading its libraries, config reads, /proc and cgroup reads, failed probes, log writes and renames, temporary files,
/// sockets, connects (IPv4 and IPv6), a listener, DNS questions through a resolver and child processes with argv.
/// Records use monitor.bt's shared layout: <c>(ns, cgroup, pid, tid, kind, fields…)</c>, continuations
/// <c>(-kind, cgroup, pid, tid, …)</c> (the single-container layout with the cgroup id as field 1). Kernel times rise
/// by 0.2 to 2 µs per record, so the whole stream spans about a second of kernel time per million records.
/// Seeded: the same arguments give the same stream.
/// </summary>
internal sealed class TraceStreamGenerator(int sandboxCount, int seed)
{
    private const long AtFdCwd = -100;
    private const int ReadOnlyCloseOnExec = 0x80000;
    private const int WriteCreateAppend = 0x1 | 0x40 | 0x400;
    private const int WriteCreateTruncate = 0x1 | 0x40 | 0x200;
    private const int NoSuchFile = -2;
    private const int Connect = 0;
    private const int Bind = 1;
    private const int SendTo = 2;
    private const string Service = "/app/OrdersService";
    private const string Framework = "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/";
    private const int DnsWords = 24;

    private static readonly string[] Assemblies =
    [
        "System.Private.CoreLib.dll", "System.Runtime.dll", "System.Console.dll", "System.Linq.dll", "System.Net.Http.dll",
        "System.Text.Json.dll", "System.Collections.dll", "System.Net.Sockets.dll", "System.Threading.dll", "libSystem.Native.so",
    ];

    private static readonly string[] RuntimeReads =
    [
        "/proc/self/stat", "/proc/self/status", "/proc/meminfo", "/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/memory.max",
        "/proc/self/mountinfo", "/sys/devices/system/cpu/online", "/etc/localtime",
    ];

    private static readonly string[] MissingProbes =
    [
        "/usr/lib/x86_64-linux-gnu/libssl.so.1.1", "/etc/pki/tls/certs/ca-bundle.crt", "/app/appsettings.Production.json",
        "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/de/System.Private.CoreLib.resources.dll",
    ];

    private static readonly string[] Names = ["api.example.com", "orders.example.net", "telemetry.example.org", "cdn.example.com"];

    private readonly Random _random = new(seed);
    private long _now = 1_000_000_000_000;
    private long _events;
    private ushort _queryId;

    /// <summary>Writes records until they make at least <paramref name="events"/> events.</summary>
    /// <returns>How many events the assembler should make of the stream.</returns>
    public long Generate(TraceStreamWriter writer, long events)
    {
        writer.Printf("READY\n");
        var sandboxes = Enumerable.Range(0, sandboxCount).Select(i => new SimulatedSandbox(7000 + (i * 131), 40_000 + (i * 5000))).ToArray();
        foreach (var sandbox in sandboxes)
        {
            Start(writer, sandbox);
        }

        while (_events < events)
        {
            Act(writer, sandboxes[_random.Next(sandboxes.Length)]);
        }

        return _events;
    }

    private long Now() => _now += _random.Next(200, 2000);

    /// <summary>An EXEC and its ARGVBYTES records: the NUL-separated argv area as 24 little-endian words each.</summary>
    private void Exec(TraceStreamWriter writer, long cg, long pid, long level, string path, IReadOnlyList<string> argv)
    {
        var area = argv.SelectMany(a => System.Text.Encoding.UTF8.GetBytes(a).Append((byte)0)).ToArray();
        writer.Tuple(Now(), cg, pid, pid, 1, level, (long)area.Length, path);
        for (var offset = 0; offset < area.Length; offset += 192)
        {
            var chunk = new byte[192];
            area.AsSpan(offset, Math.Min(192, area.Length - offset)).CopyTo(chunk);
            object[] fields = [-25L, cg, pid, pid, (long)offset, (long)area.Length, .. Enumerable.Range(0, 24).Select(w => (object)BitConverter.ToInt64(chunk, w * 8))];
            writer.Tuple(fields);
        }
    }

    /// <summary>runc's own exec and reads (not the sandbox's: no events), then the service's exec, its listener.</summary>
    private void Start(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid;
        Exec(writer, cg, pid, 0L, "/dev/fd/6", ["runc", "init"]);
        writer.Tuple(Now(), cg, pid, pid, 10, Packed(AtFdCwd, ReadOnlyCloseOnExec), 3L, "/etc/ld.so.cache");
        writer.Tuple(Now(), cg, pid, pid, 30, 3L);
        Exec(writer, cg, pid, 1L, Service, [Service, "--urls", "http://127.0.0.1:8080"]);

        var fd = sandbox.NextFd();
        writer.Tuple(Now(), cg, pid, pid, 34, (long)fd);
        writer.Tuple(Now(), cg, pid, pid, 40, Packed(fd, Bind), 0L, 0L, NetworkPort(8080), 0L);
        writer.Tuple(Now(), cg, pid, pid, 43, (long)fd, 0L);
        _events += 3;
    }

    private void Act(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        var roll = _random.Next(1000);
        switch (roll)
        {
            case < 300:
                OpenAndClose(writer, sandbox, Framework + Assemblies[_random.Next(Assemblies.Length)], ReadOnlyCloseOnExec);
                break;
            case < 400:
                OpenAndClose(writer, sandbox, "appsettings.json", ReadOnlyCloseOnExec);
                break;
            case < 550:
                OpenAndClose(writer, sandbox, RuntimeReads[_random.Next(RuntimeReads.Length)], ReadOnlyCloseOnExec);
                break;
            case < 650:
                FailedOpen(writer, sandbox);
                break;
            case < 730:
                OpenAndClose(writer, sandbox, "/tmp/orders.log", WriteCreateAppend);
                break;
            case < 760:
                TemporaryFile(writer, sandbox);
                break;
            case < 780:
                RotateLog(writer, sandbox);
                break;
            case < 860:
                ConnectOut(writer, sandbox);
                break;
            case < 900:
                Resolve(writer, sandbox);
                break;
            case < 920:
                SendDatagram(writer, sandbox);
                break;
            case < 960:
                DuplicateAndClose(writer, sandbox);
                break;
            case < 999:
                ChildProcess(writer, sandbox);
                break;
            default:
                OpenAndClose(writer, sandbox, "/home/probe/.aws/credentials", ReadOnlyCloseOnExec);
                break;
        }
    }

    private void OpenAndClose(TraceStreamWriter writer, SimulatedSandbox sandbox, string path, int flags)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        var fd = sandbox.NextFd();
        writer.Tuple(Now(), cg, pid, tid, 10, Packed(AtFdCwd, flags), (long)fd, path);
        writer.Tuple(Now(), cg, pid, tid, 30, (long)fd);
        _events++;
    }

    private void FailedOpen(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        writer.Tuple(Now(), cg, pid, tid, 10, Packed(AtFdCwd, ReadOnlyCloseOnExec), (long)NoSuchFile, MissingProbes[_random.Next(MissingProbes.Length)]);
        _events++;
    }

    /// <summary>A scratch folder and a file in it (relative to that folder's fd), then both deleted.</summary>
    private void TemporaryFile(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        var folder = $"/tmp/work-{sandbox.NextName()}";
        writer.Tuple(Now(), cg, pid, tid, 12, Packed(AtFdCwd, 0x1c0), 0L, folder);
        var dirFd = sandbox.NextFd();
        writer.Tuple(Now(), cg, pid, tid, 10, Packed(AtFdCwd, 0x10000 | ReadOnlyCloseOnExec), (long)dirFd, folder);
        var fd = sandbox.NextFd();
        writer.Tuple(Now(), cg, pid, tid, 10, Packed(dirFd, WriteCreateTruncate), (long)fd, "order.tmp");
        writer.Tuple(Now(), cg, pid, tid, 30, (long)fd);
        writer.Tuple(Now(), cg, pid, tid, 11, Packed(dirFd, 0), 0L, "order.tmp");
        writer.Tuple(Now(), cg, pid, tid, 30, (long)dirFd);
        writer.Tuple(Now(), cg, pid, tid, 11, Packed(AtFdCwd, 0x200), 0L, folder);
        _events += 5;
    }

    private void RotateLog(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        writer.Tuple(Now(), cg, pid, tid, 20, "/tmp/orders.log.1");
        writer.Tuple(Now(), cg, pid, tid, 21, Packed(AtFdCwd, AtFdCwd), 0L, "/tmp/orders.log");
        _events++;
    }

    /// <summary>Half to the service's own port on loopback, the rest to addresses out there, one in ten over IPv6.</summary>
    private void ConnectOut(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        var fd = sandbox.NextFd();
        writer.Tuple(Now(), cg, pid, tid, 34, (long)fd);
        if (_random.Next(10) == 0)
        {
            writer.Tuple(Now(), cg, pid, tid, 41, Packed(fd, Connect), -101L, 0L, NetworkPort(443), 0x00000000_b80d0120L, 0x01000000_00000000L);
        }
        else
        {
            var local = _random.Next(2) == 0;
            var address = local ? Address(127, 0, 0, 1) : Address(198, 18, 0, (byte)(1 + _random.Next(20)));
            writer.Tuple(Now(), cg, pid, tid, 40, Packed(fd, Connect), local ? 0L : -115L, 0L, NetworkPort(local ? 8080 : 443), address);
        }

        writer.Tuple(Now(), cg, pid, tid, 30, (long)fd);
        _events++;
    }

    /// <summary>glibc's resolver: connect to the nameserver, then A and AAAA in one sendmmsg without an address.</summary>
    private void Resolve(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        var fd = sandbox.NextFd();
        var name = Names[_random.Next(Names.Length)];
        writer.Tuple(Now(), cg, pid, tid, 34, (long)fd);
        writer.Tuple(Now(), cg, pid, tid, 40, Packed(fd, Connect), 0L, 0L, NetworkPort(53), Address(10, 0, 0, 2));
        var now = Now();
        foreach (var type in new ushort[] { 1, 28 })
        {
            var datagram = DnsQuery(name, type);
            object[] record = [now, cg, pid, tid, 44, (long)datagram.Length, .. Words(datagram)];
            writer.Tuple(record);
        }

        writer.Tuple(Now(), cg, pid, tid, 30, (long)fd);
        _events += 3;
    }

    private void SendDatagram(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        var fd = sandbox.NextFd();
        writer.Tuple(Now(), cg, pid, tid, 34, (long)fd);
        writer.Tuple(Now(), cg, pid, tid, 40, Packed(fd, SendTo), 64L, 64L, NetworkPort(8125), Address(127, 0, 0, 1));
        writer.Tuple(Now(), cg, pid, tid, 30, (long)fd);
        _events++;
    }

    /// <summary>dup and fcntl(F_SETFD) keep the assembler's fd table honest: no events of their own.</summary>
    private void DuplicateAndClose(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        var fd = sandbox.NextFd();
        var copy = sandbox.NextFd();
        writer.Tuple(Now(), cg, pid, tid, 10, Packed(AtFdCwd, 0), (long)fd, "/app/OrdersService.dll");
        writer.Tuple(Now(), cg, pid, tid, 32, Packed(fd, 1), (long)copy);
        writer.Tuple(Now(), cg, pid, tid, 33, Packed(copy, 0), 0L);
        writer.Tuple(Now(), cg, pid, tid, 30, (long)fd);
        writer.Tuple(Now(), cg, pid, tid, 30, (long)copy);
        _events++;
    }

    /// <summary>fork, exec of a shell with its argv, the loader's reads, a write, exit.</summary>
    private void ChildProcess(TraceStreamWriter writer, SimulatedSandbox sandbox)
    {
        long cg = sandbox.Cgroup, pid = sandbox.Pid, tid = sandbox.Thread(_random);
        long child = sandbox.NextChild();
        writer.Tuple(Now(), cg, pid, tid, 5, child, "OrdersService");
        Exec(writer, cg, child, 1L, "/bin/sh", ["sh", "-c", $"date >> /tmp/ticks-{sandbox.NextName() % 100}"]);

        writer.Tuple(Now(), cg, child, child, 10, Packed(AtFdCwd, ReadOnlyCloseOnExec), 3L, "/etc/ld.so.cache");
        writer.Tuple(Now(), cg, child, child, 30, 3L);
        writer.Tuple(Now(), cg, child, child, 10, Packed(AtFdCwd, ReadOnlyCloseOnExec), 3L, "/lib/x86_64-linux-gnu/libc.so.6");
        writer.Tuple(Now(), cg, child, child, 30, 3L);
        writer.Tuple(Now(), cg, child, child, 10, Packed(AtFdCwd, WriteCreateAppend), 1L, $"/tmp/ticks-{_random.Next(100)}");
        writer.Tuple(Now(), cg, child, child, 6, 0L);
        _events += 6;
    }

    /// <summary>A <c>hi|lo</c> field: <paramref name="high"/> in the high 32 bits, <paramref name="low"/> in the low ones.</summary>
    private static long Packed(long high, long low) => (high << 32) | (uint)low;

    /// <summary>A port as monitor.bt reads it: the network-order u16 taken as little-endian.</summary>
    private static long NetworkPort(int port) => BinaryPrimitives.ReverseEndianness((ushort)port);

    /// <summary>An IPv4 address as monitor.bt reads it: its four bytes taken as a little-endian u32.</summary>
    private static long Address(byte a, byte b, byte c, byte d) => BinaryPrimitives.ReadUInt32LittleEndian([a, b, c, d]);

    private byte[] DnsQuery(string name, ushort type)
    {
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, ++_queryId);
        header[2] = 0x01; // recursion desired
        header[5] = 1; // one question
        message.AddRange(header);
        foreach (var label in name.Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        return [.. message];
    }

    /// <summary>A datagram's first 192 bytes as monitor.bt prints them: 24 little-endian u64 words, zero-padded.</summary>
    private static IEnumerable<object> Words(byte[] datagram)
    {
        var padded = new byte[DnsWords * sizeof(long)];
        datagram.AsSpan(0, Math.Min(datagram.Length, padded.Length)).CopyTo(padded);
        for (var word = 0; word < DnsWords; word++)
        {
            yield return BinaryPrimitives.ReadInt64LittleEndian(padded.AsSpan(word * sizeof(long)));
        }
    }
}
