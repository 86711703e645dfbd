namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>The record kinds monitor.bt prints (its header documents each layout).</summary>
internal enum RecordKind
{
    Exec = 1,
    Argv = 2,
    ArgvMore = 3,
    ExecFail = 4,
    Fork = 5,
    Exit = 6,
    Open = 10,
    Unlink = 11,
    Mkdir = 12,
    Chmod = 13,
    Chdir = 14,
    Fchdir = 15,
    Fchmod = 16,
    String2 = 20,
    Rename = 21,
    Link = 22,
    Symlink = 23,
    Close = 30,
    CloseRange = 31,
    Dup = 32,
    SetFd = 33,
    Socket = 34,
    Inet = 40,
    Inet6 = 41,
    Unix = 42,
    Listen = 43,
    DnsQuery = 44,
    DnsQueryMore = 45,
}
