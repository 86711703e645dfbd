using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Network;

namespace DynamicProbe.Sandbox.Tests.Network;

public class NearestInTimeTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void The_nearest_match_on_either_side_is_found_and_taken_only_once()
    {
        var events = new NearestInTime<ProcessExitEvent>([Exit(1.0, 1), Exit(2.0, 2), Exit(2.9, 3), Exit(4.0, 4)], TimeSpan.FromSeconds(5));

        Assert.That(events.Find(At(2.6), _ => true, take: true)?.Pid, Is.EqualTo(3));
        Assert.That(events.Find(At(2.6), _ => true, take: true)?.Pid, Is.EqualTo(2));
        Assert.That(events.Find(At(2.6), e => e.Pid != 2, take: false)?.Pid, Is.EqualTo(4));
        Assert.That(events.Find(At(2.6), e => e.Pid != 2, take: false)?.Pid, Is.EqualTo(4), "not taken: found again");
    }

    [Test]
    public void Nothing_outside_the_window_is_found()
    {
        var events = new NearestInTime<ProcessExitEvent>([Exit(1.0, 1), Exit(9.0, 2)], TimeSpan.FromSeconds(1));

        Assert.That(events.Find(At(5), _ => true, take: false), Is.Null);
        Assert.That(events.Find(At(8.5), _ => true, take: false)?.Pid, Is.EqualTo(2));
    }

    private static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    private static ProcessExitEvent Exit(double at, int pid) => new(At(at), pid, "/bin/app", 0);
}
