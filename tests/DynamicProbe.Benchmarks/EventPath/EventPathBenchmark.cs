using System.Diagnostics;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Monitoring.Bpftrace;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Benchmarks.EventPath;

/// <summary>
/// The C# event path alone, as a run takes it: lines read from a stream with the tool's own line reader, parsed,
/// routed by cgroup to one assembler per sandbox (with the monitor's default options), completed, then each
/// recording analysed against a service's expectations plus an image's default allowances, and checked for a
/// run's honeytokens. No Docker, no kernel.
/// </summary>
internal static class EventPathBenchmark
{
    /// <summary>What the generated service is expected to do; everything else it does becomes findings.</summary>
    private static readonly Expectations Service = new(
        ["/app/**"],
        ["/tmp/orders.log", "/tmp/orders.log.1", "/tmp/work-*/**"],
        ["/app/OrdersService"],
        ["api.example.com"],
        ["127.0.0.1:8080"],
        ["*:8080"]);

    public static async Task<EventPathResult> RunAsync(string streamPath, Expectations imageDefaults, CancellationToken cancellationToken)
    {
        var options = new BpftraceMonitorOptions();
        var parsing = Stopwatch.StartNew();
        await ReadAsync(streamPath, options.MaxLineBytes, _ => { }, cancellationToken);
        parsing.Stop();

        var clock = MonotonicClock.Now();
        var demux = new CgroupDemux(() => new EventAssembler(
            new EventAssemblerOptions(MonitorScript.StringLength, options.MaxEvents, "/app", options.ReorderWindow), clock));
        var assembling = Stopwatch.StartNew();
        var (lines, cut) = await ReadAsync(streamPath, options.MaxLineBytes, demux.Accept, cancellationToken);
        demux.Complete();
        assembling.Stop();
        var peakManaged = GC.GetTotalMemory(false);

        var analysing = Stopwatch.StartNew();
        var analyzer = new BehaviourAnalyzer(RuleBook.BuiltIn());
        var allowed = Service.Union(imageDefaults);
        var honeytokens = new HoneytokenGenerator(new Random(1)).Generate().Tokens;
        var findings = 0;
        foreach (var assembler in demux.Assemblers.Values)
        {
            var recording = new PhaseRecording(Phase.Run, assembler.Events, new MonitorHealth(assembler.LostEvents, null, assembler.DroppedEvents));
            findings += analyzer.Analyze(recording, allowed).Count + HoneytokenAnalyzer.Analyze(recording, honeytokens).Count;
        }

        analysing.Stop();
        peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));

        var assemblers = demux.Assemblers.Values;
        var events = assemblers.Sum(a => (long)a.Events.Count);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return new EventPathResult(
            lines,
            events,
            parsing.Elapsed.TotalSeconds,
            demux.Assemblers.Count,
            assembling.Elapsed.TotalSeconds,
            analysing.Elapsed.TotalSeconds,
            events / (assembling.Elapsed + analysing.Elapsed).TotalSeconds,
            self.PeakWorkingSet64,
            peakManaged,
            findings,
            assemblers.Sum(a => a.LostEvents),
            assemblers.Sum(a => a.DroppedEvents),
            cut + demux.Unroutable + assemblers.Sum(a => a.Problems.Count));
    }

    /// <summary>Reads the stream with the tool's own line reader and parses each line.</summary>
    /// <returns>The lines read, and how many of them were over the size limit (and so not parsed).</returns>
    private static async Task<(long Lines, long Cut)> ReadAsync(
        string path, int maxLineBytes, Action<BpftraceLine> accept, CancellationToken cancellationToken)
    {
        long lines = 0;
        long cut = 0;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var reader = new BoundedLineReader(stream, maxLineBytes);
        await foreach (var (line, isCut) in reader.ReadLinesAsync(cancellationToken))
        {
            lines++;
            if (isCut)
            {
                cut++;
            }
            else if (!line.IsEmpty)
            {
                accept(BpftraceJsonParser.Parse(line.Span));
            }
        }

        return (lines, cut);
    }
}
