using System.Text;
using DynamicProbe.Sandbox.Monitoring.Bpftrace;
using DynamicProbe.Sandbox.Monitoring.Bpftrace.Parsing;

namespace DynamicProbe.Sandbox.Tests.Monitoring;

/// <summary>The shared tracer's routing on hand-written lines of the shared layout <c>(ns, cgroup, pid, tid, kind, …)</c>.</summary>
public class TraceRouterTests
{
    private const ulong Alpha = 7001;
    private const ulong Bravo = 7002;

    private static BpftraceLine Line(string json) => BpftraceJsonParser.Parse(Encoding.UTF8.GetBytes(json));

    private static BpftraceLine Tuple(params object[] fields) =>
        Line($$"""{"type": "value", "data": [{{string.Join(",", fields.Select(f => f is string s ? $"\"{s}\"" : f.ToString()))}}]}""");

    [Test]
    public void Records_go_to_their_cgroups_sink_without_the_cgroup_id_and_others_are_not_delivered()
    {
        var router = new TraceRouter();
        var alpha = new RecordingSink();
        var bravo = new RecordingSink();
        router.Register(Alpha, alpha);
        router.Register(Bravo, bravo);

        router.Route(Tuple(100, Alpha, 10, 10, 10, 0, 3, "/alpha"));
        router.Route(Tuple(-24, Alpha, 10, 10, 159, 0, 3, "-rest"));
        router.Route(Tuple(101, Bravo, 20, 20, 10, 0, 3, "/bravo"));
        router.Route(Tuple(102, 9999, 30, 30, 10, 0, 3, "/nobody"));

        Assert.That(alpha.Texts(), Is.EqualTo(new[] { "(100, 10, 10, 10, 0, 3, /alpha)", "(-24, 10, 10, 159, 0, 3, -rest)" }));
        Assert.That(bravo.Texts(), Is.EqualTo(new[] { "(101, 20, 20, 10, 0, 3, /bravo)" }));
    }

    [Test]
    public void Lost_events_reach_every_sandbox_live_at_that_moment_and_no_other()
    {
        var router = new TraceRouter();
        var drained = new RecordingSink();
        var live = new RecordingSink();
        var later = new RecordingSink();
        router.Register(Alpha, drained);
        router.Register(Bravo, live);
        router.Unregister(Alpha);

        router.Route(Line("""{"type": "lost_events", "data": {"events": 12}}"""));
        router.Register(7003, later);

        Assert.That((drained.Lines.Count, live.Lines.Single(), later.Lines.Count), Is.EqualTo((0, new LostEventsLine(12), 0)));
    }

    [Test]
    public async Task A_barrier_completes_only_when_every_cpu_has_reported_its_own_sequence()
    {
        var router = new TraceRouter();
        var barrier = router.ExpectBarrier(41, [0, 1])!;

        router.Route(Tuple(100, Alpha, 5, 5, 50, 41, 0));
        router.Route(Tuple(101, Alpha, 5, 5, 50, 40, 1));
        var early = barrier.IsCompleted;
        router.Route(Tuple(102, Alpha, 5, 5, 50, 41, 1));
        await barrier.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.That((early, barrier.IsCompletedSuccessfully, router.ForgetBarrier(41)), Is.EqualTo((false, true, Array.Empty<int>())));
    }

    [Test]
    public void A_cgroup_counts_as_watched_only_once_its_watch_record_came()
    {
        var router = new TraceRouter();
        router.Register(Alpha, new RecordingSink());
        router.Register(Bravo, new RecordingSink());

        router.Route(Tuple(100, Alpha, 5, 5, 51, 2));

        Assert.That((router.Unregister(Alpha), router.Unregister(Bravo)), Is.EqualTo((true, false)));
    }

    [Test]
    public void A_failed_tracer_fails_live_sinks_pending_barriers_and_later_ones()
    {
        var router = new TraceRouter();
        var live = new RecordingSink();
        router.Register(Alpha, live);
        var barrier = router.ExpectBarrier(1, [0])!;

        router.Fail("bpftrace's output ended");
        var later = new RecordingSink();
        router.Register(Bravo, later);

        Assert.That((live.Failure, later.Failure), Is.EqualTo(("bpftrace's output ended", "bpftrace's output ended")));
        Assert.That(barrier.IsFaulted, Is.True);
        Assert.That(router.ExpectBarrier(2, [0]), Is.Null);
    }

    private sealed class RecordingSink : ITraceSink
    {
        public List<BpftraceLine> Lines { get; } = [];

        public string? Failure { get; private set; }

        public void Accept(BpftraceLine line) => Lines.Add(line);

        public void Fail(string reason) => Failure = reason;

        public IEnumerable<string> Texts() =>
            Lines.OfType<TupleLine>().Select(t => "(" + string.Join(", ", t.Fields.Select(f => f.ToString())) + ")");
    }
}
