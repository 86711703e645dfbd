using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class InfrastructureEventsTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.UnixEpoch;

    [Test]
    public void The_init_and_what_it_forks_are_removed_and_everything_else_stays()
    {
        ProbeEvent[] events =
        [
            new ProcessExecEvent(T, 100, "/sbin/init", 0, "/sbin/init", ["/sbin/init"], 0),
            new ProcessForkEvent(T, 100, "/sbin/init", 101),
            new ProcessExecEvent(T, 101, "/bin/sleep", 100, "/bin/sleep", ["/bin/sleep", "infinity"], 0),
            new FileEvent(T, 101, "/bin/sleep", FileOperation.Read, "/etc/ld.so.cache", 3),
            new ProcessExecEvent(T, 200, "/app/Target", 0, "/app/Target", ["/app/Target"], 0),
            new ProcessForkEvent(T, 200, "/app/Target", 201),
            new ProcessExitEvent(T, 201, "/bin/sh", 0),
        ];
        var recording = new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy);

        var filtered = InfrastructureEvents.Without(recording, initPid: 100);

        Assert.That(filtered.Events, Is.EqualTo(events[4..]));
        Assert.That(filtered.Health, Is.SameAs(recording.Health));
    }
}
