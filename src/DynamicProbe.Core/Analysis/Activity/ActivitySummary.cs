using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis.Activity;

/// <summary>
/// Folds a phase's recording (its events stamped with their steps) into what a reader follows: the process tree and
/// the network table (<see cref="PhaseActivity"/>). Bounded: the first <see cref="MaxProcesses"/> processes to start and
/// the first <see cref="MaxNetworkRows"/> network actions are kept, the rest counted. Processes nested deeper than
/// <see cref="MaxDepth"/> are counted too: a chain of forks must not nest the report past what a JSON reader accepts.
/// </summary>
public static class ActivitySummary
{
    public const int MaxProcesses = 300;
    public const int MaxNetworkRows = 300;
    public const int MaxDepth = 16;

    public static PhaseActivity Of(PhaseRecording recording, string? variant)
    {
        var started = new List<ProcessBuilder>();
        var live = new Dictionary<int, ProcessBuilder>();
        var network = new List<NetworkRow>();
        var networkOmitted = 0;

        ProcessBuilder Start(int pid, ProcessBuilder? parent, int? parentPid, string executable, ProbeEvent seen)
        {
            var process = new ProcessBuilder(pid, parent, parentPid, executable, seen.Step, seen.Time, parent is null ? 0 : parent.Depth + 1);
            started.Add(process);
            parent?.Children.Add(process);
            live[pid] = process;
            return process;
        }

        ProcessBuilder Known(ProbeEvent seen) =>
            live.TryGetValue(seen.Pid, out var process) ? process : Start(seen.Pid, null, null, seen.Process, seen);

        foreach (var probeEvent in recording.Events)
        {
            switch (probeEvent)
            {
                case ProcessForkEvent fork:
                    var parent = Known(fork);
                    Start(fork.ChildPid, parent, fork.Pid, parent.Executable, fork);
                    break;
                case ProcessExecEvent exec:
                    var execed = live.TryGetValue(exec.Pid, out var forked) ? forked : Start(exec.Pid, null, exec.ParentPid, exec.Process, exec);
                    if (exec.Result == 0)
                    {
                        execed.Executable = exec.Path;
                        execed.Argv = exec.Argv;
                    }

                    break;
                case ProcessExitEvent exit:
                    Known(exit).ExitCode = exit.ExitCode;
                    live.Remove(exit.Pid);
                    break;
                default:
                    if (probeEvent.Pid > 0)
                    {
                        Known(probeEvent);
                    }

                    break;
            }

            if (RowOf(probeEvent) is { } row)
            {
                if (network.Count < MaxNetworkRows)
                {
                    network.Add(row);
                }
                else
                {
                    networkOmitted++;
                }
            }
        }

        var kept = started.Take(MaxProcesses).Where(p => p.Depth < MaxDepth).ToHashSet();
        return new PhaseActivity(
            recording.Phase,
            variant,
            [.. started.Where(p => p.Parent is null && kept.Contains(p)).Select(p => p.ToNode(kept))],
            started.Count - kept.Count,
            network,
            networkOmitted);
    }

    private static NetworkRow? RowOf(ProbeEvent probeEvent) => probeEvent switch
    {
        NetworkEvent call => new NetworkRow(
            call.Time, call.Step, call.Pid, call.Process, KindOf(call.Operation), ProtocolOf(call.Family), call.Endpoint, null, null, call.Bytes, call.Error ?? "ok"),
        DnsQueryEvent dns => new NetworkRow(
            dns.Time, dns.Step, dns.Pid, dns.Process, "dns", "dns", null, dns.Name, null, null, $"{dns.QueryType} {dns.Answer ?? "no answer"}"),
        SinkholeCaptureEvent capture => new NetworkRow(
            capture.Time, capture.Step, capture.Pid, capture.Process, "capture", capture.Protocol, capture.Endpoint, capture.DnsName, capture.TlsServerName,
            capture.TotalBytes, capture.Truncated ? "caught, first bytes kept" : "caught"),
        _ => null,
    };

    private static string KindOf(NetworkOperation operation) => operation switch
    {
        NetworkOperation.Connect => "connect",
        NetworkOperation.Bind => "bind",
        NetworkOperation.Listen => "listen",
        _ => "send",
    };

    private static string ProtocolOf(AddressFamily family) => family switch
    {
        AddressFamily.Inet => "ipv4",
        AddressFamily.Inet6 => "ipv6",
        _ => "unix",
    };

    private sealed class ProcessBuilder(
        int pid, ProcessBuilder? parent, int? parentPid, string executable, StepRef? step, DateTimeOffset started, int depth)
    {
        public ProcessBuilder? Parent { get; } = parent;

        public int Depth { get; } = depth;

        public List<ProcessBuilder> Children { get; } = [];

        public string Executable { get; set; } = executable;

        public IReadOnlyList<string> Argv { get; set; } = [];

        public int? ExitCode { get; set; }

        public ProcessNode ToNode(HashSet<ProcessBuilder> kept) => new(
            pid, parentPid, Executable, Argv, step, started, ExitCode, [.. Children.Where(kept.Contains).Select(c => c.ToNode(kept))]);
    }
}
