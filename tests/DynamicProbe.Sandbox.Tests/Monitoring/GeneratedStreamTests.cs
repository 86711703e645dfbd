using DynamicProbe.Benchmarks.EventPath;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>
/// `make bench` part (d) measures the event path on a generated stream: it only means something if the tool reads
/// that stream as it reads bpftrace's, every record used, each sandbox's records in its own recording.
/// </summary>
public class GeneratedStreamTests
{
    private const int Sandboxes = 3;

    [Test]
    public void Every_generated_record_is_assembled_into_its_own_sandboxes_recording()
    {
        var (lines, expected) = Generate(20_000);
        var demux = new CgroupDemux(() => MonitorFixtures.NewAssembler("/app"));
        foreach (var line in lines)
        {
            demux.Accept(BpftraceJsonParser.Parse(line));
        }

        demux.Complete();

        Assert.That(demux.Assemblers, Has.Count.EqualTo(Sandboxes));
        Assert.That(demux.Unroutable, Is.Zero);
        Assert.That(demux.Assemblers.Values.Sum(a => (long)a.Events.Count), Is.EqualTo(expected));
        foreach (var assembler in demux.Assemblers.Values)
        {
            Assert.That(assembler.Problems.Count, Is.Zero, assembler.Problems.Describe());
        }

        var pidsBySandbox = demux.Assemblers.Values.Select(a => a.Events.Select(e => e.Pid).ToHashSet()).ToList();
        Assert.That(pidsBySandbox.Sum(p => p.Count), Is.EqualTo(pidsBySandbox.SelectMany(p => p).Distinct().Count()), "a process seen in two sandboxes");
    }

    [Test]
    public void The_stream_holds_the_kinds_of_event_a_service_makes_with_paths_resolved()
    {
        var (lines, _) = Generate(20_000);
        var demux = new CgroupDemux(() => MonitorFixtures.NewAssembler("/app"));
        foreach (var line in lines)
        {
            demux.Accept(BpftraceJsonParser.Parse(line));
        }

        demux.Complete();

        var events = demux.Assemblers.Values.First().Events;
        var files = events.OfType<FileEvent>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(events.OfType<ProcessExecEvent>().First().Argv, Is.EqualTo(new[] { "/app/OrdersService", "--urls", "http://127.0.0.1:8080" }));
            Assert.That(events.OfType<ProcessExecEvent>().Select(e => e.Path), Does.Contain("/bin/sh"));
            Assert.That(files.Select(f => f.Path), Does.Contain("/app/appsettings.json"), "a relative open, resolved against the working directory");
            Assert.That(files.Where(f => f.Path.StartsWith("/tmp/work-", StringComparison.Ordinal)).Select(f => f.Path),
                Has.Some.EndsWith("/order.tmp"), "an open relative to a directory fd");
            Assert.That(files.Where(f => f.Operation == FileOperation.Rename).Select(f => f.SecondPath), Has.All.EqualTo("/tmp/orders.log.1"));
            Assert.That(events.OfType<DnsQueryEvent>().Select(q => q.QueryType).Distinct(), Is.EquivalentTo(new[] { "A", "AAAA" }));
            Assert.That(events.OfType<NetworkEvent>().Select(n => n.Endpoint), Does.Contain("127.0.0.1:8080").And.Contain("10.0.0.2:53"));
            Assert.That(events.OfType<ProcessExitEvent>(), Is.Not.Empty);
        });
    }

    private static (IReadOnlyList<byte[]> Lines, long Events) Generate(long events)
    {
        using var bytes = new MemoryStream();
        long expected;
        using (var writer = new TraceStreamWriter(bytes))
        {
            expected = new TraceStreamGenerator(Sandboxes, seed: 11).Generate(writer, events);
        }

        return (MonitorFixtures.Split(bytes.ToArray()), expected);
    }
}
