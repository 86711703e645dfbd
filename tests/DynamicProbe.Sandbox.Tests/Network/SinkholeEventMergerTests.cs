using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Network;

namespace DynamicProbe.Sandbox.Tests.Network;

/// <summary>The catcher's records joined to the monitor's events: attribution to processes, order and health.</summary>
public class SinkholeEventMergerTests
{
    private const int InProgress = -115;
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void Each_tcp_capture_is_attributed_to_the_nearest_connect_to_its_destination_and_each_connect_serves_once()
    {
        var first = Connect(0.100, 11, "/usr/bin/curl", "203.0.113.5", 443, InProgress);
        var second = Connect(0.300, 12, "/usr/bin/wget", "203.0.113.5", 443, 0);
        var elsewhere = Connect(0.101, 13, "/app/App", "203.0.113.6", 443, 0);

        var merged = Merge([first, second, elsewhere], captures: [Tcp(0.302, "203.0.113.5", 443), Tcp(0.101, "203.0.113.5", 443)]);

        var captures = merged.Events.OfType<SinkholeCaptureEvent>().ToList();
        Assert.That(captures.Select(c => (c.Pid, c.Process)), Is.EqualTo(new[] { (11, "/usr/bin/curl"), (12, "/usr/bin/wget") }));
        Assert.That(merged.Events.Select(e => e.Time), Is.Ordered);
        Assert.That(merged.Events.OfType<NetworkEvent>().ToList(), Has.Count.EqualTo(3), "the monitor's connects stay in the recording");
    }

    [Test]
    public void A_failed_connect_or_one_too_far_in_time_attributes_nothing()
    {
        var refused = Connect(0.1, 11, "/usr/bin/curl", "203.0.113.5", 443, -111);
        var longAgo = Connect(0.1, 12, "/usr/bin/curl", "203.0.113.5", 443, 0);

        var merged = Merge([refused, longAgo], captures: [Tcp(0.1 + SinkholeEventMerger.MatchWindow.TotalSeconds + 1, "203.0.113.5", 443)]);

        var capture = merged.Events.OfType<SinkholeCaptureEvent>().Single();
        Assert.That((capture.Pid, capture.Process), Is.EqualTo((0, SinkholeEventMerger.UnknownProcess)));
    }

    [Test]
    public void Datagrams_on_one_connected_socket_are_all_attributed_to_its_connect_and_an_unknown_port_is_taken_from_it()
    {
        var connect = Connect(0.1, 21, "/app/App", "192.0.2.7", 9999, 0);
        var udp = new CatcherCapture(At(0.2), "udp", "192.0.2.7", null, null, null, "aGk=", 2);

        var merged = Merge([connect], captures: [udp, udp with { Time = At(0.3) }]);

        Assert.That(merged.Events.OfType<SinkholeCaptureEvent>().Select(c => (c.Pid, c.Port)), Is.EqualTo(new[] { (21, 9999), (21, 9999) }));
    }

    [Test]
    public void A_datagram_whose_destination_the_catcher_lost_is_kept_unattributed()
    {
        var merged = Merge([SendTo(0.1, 21, "192.0.2.7", 9999)], captures: [new CatcherCapture(At(0.1), "udp", null, null, null, null, "", 0)]);

        var capture = merged.Events.OfType<SinkholeCaptureEvent>().Single();
        Assert.That((capture.Address, capture.Port, capture.Pid), Is.EqualTo((SinkholeEventMerger.UnknownAddress, 0, 0)));
    }

    [Test]
    public void The_catchers_answer_replaces_the_monitors_reading_of_the_same_question_and_keeps_its_process()
    {
        var asked = new DnsQueryEvent(At(0.100), 31, "/usr/bin/getent", "exfil.example.org", "A", null);
        var other = new DnsQueryEvent(At(0.101), 31, "/usr/bin/getent", "exfil.example.org", "AAAA", null);

        var merged = Merge([asked, other], dns: [new CatcherDnsQuery(At(0.102), "exfil.example.org", "A", "198.19.111.94")]);

        var lookups = merged.Events.OfType<DnsQueryEvent>().ToList();
        Assert.That(lookups, Is.EqualTo(new[]
        {
            other,
            new DnsQueryEvent(At(0.102), 31, "/usr/bin/getent", "exfil.example.org", "A", "198.19.111.94"),
        }));
    }

    [Test]
    public void A_question_the_monitor_could_not_read_is_attributed_to_a_call_to_port_53()
    {
        var merged = Merge([Connect(0.1, 41, "/app/App", "10.0.0.2", 53, 0)], dns: [new CatcherDnsQuery(At(0.12), "tcp.example.org", "TXT", null)]);

        Assert.That(merged.Events.OfType<DnsQueryEvent>().Single().Pid, Is.EqualTo(41));
    }

    [Test]
    public void The_catchers_problems_make_the_recording_incomplete_beside_the_monitors_own()
    {
        var recording = new PhaseRecording(Phase.Run, [], new MonitorHealth(Failure: "bpftrace exited"));

        var merged = SinkholeEventMerger.Merge(recording, CatcherLog.Empty with { Problems = ["the sinkhole dropped 3 record(s)"] });

        Assert.That(merged.Health.IsComplete, Is.False);
        Assert.That(merged.Health.Failure, Is.EqualTo("bpftrace exited; the sinkhole dropped 3 record(s)"));
    }

    [Test]
    public void Without_problems_the_health_is_the_monitors()
    {
        var merged = SinkholeEventMerger.Merge(new PhaseRecording(Phase.Run, [], MonitorHealth.Healthy), CatcherLog.Empty with { Ready = true, Stopped = true });

        Assert.That(merged.Health, Is.SameAs(MonitorHealth.Healthy));
    }

    private static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    private static NetworkEvent Connect(double at, int pid, string process, string address, int port, int result) =>
        new(At(at), pid, process, NetworkOperation.Connect, AddressFamily.Inet, address, port, result);

    private static NetworkEvent SendTo(double at, int pid, string address, int port) =>
        new(At(at), pid, "/app/App", NetworkOperation.SendTo, AddressFamily.Inet, address, port, 2, 2);

    private static CatcherCapture Tcp(double at, string address, int port) => new(At(at), "tcp", address, port, null, null, "R0VU", 3);

    private static PhaseRecording Merge(IReadOnlyList<ProbeEvent> events, IReadOnlyList<CatcherCapture>? captures = null, IReadOnlyList<CatcherDnsQuery>? dns = null) =>
        SinkholeEventMerger.Merge(
            new PhaseRecording(Phase.Run, [.. events.OrderBy(e => e.Time)], MonitorHealth.Healthy),
            new CatcherLog(true, true, dns ?? [], captures ?? [], []));
}
