using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Tests.Analysis;

public sealed class FakeClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void EveryProgramThatLoadedLibfaketimeAfterItsExecSawTheFakeClock()
    {
        var recording = Recording(
            Exec(10, "/app/Tool"),
            Read(10, FakeClock.PreloadPath),
            Read(10, FakeClock.LibraryPath),
            Exec(11, "/bin/date"),
            Read(11, FakeClock.LibraryPath));

        Assert.That(FakeClock.ProcessesOutsideIt(recording), Is.Empty);
    }

    [Test]
    public void AStaticProgramThatNeverLoadedItIsNamed()
    {
        var recording = Recording(
            Exec(10, "/app/Tool"),
            Read(10, FakeClock.LibraryPath),
            Exec(12, "/sbin/init"),
            Read(12, "/etc/inittab"));

        Assert.That(FakeClock.ProcessesOutsideIt(recording).Single(), Does.StartWith("/sbin/init (pid 12) never loaded libfaketime").And.Contain("statically linked"));
    }

    [Test]
    public void EachExecOfAProcessMustLoadItAgainAndFailedExecsDoNotCount()
    {
        var recording = Recording(
            Exec(10, "/bin/sh"),
            Read(10, FakeClock.LibraryPath),
            Exec(10, "/usr/bin/curl", result: -2),
            Exec(10, "/tmp/payload"),
            Read(10, "/tmp/data"));

        Assert.That(FakeClock.ProcessesOutsideIt(recording).Single(), Does.StartWith("/tmp/payload (pid 10)"));
    }

    [Test]
    public void AFailedOpenOfTheLibraryIsNoLoad()
    {
        var recording = Recording(Exec(10, "/app/Tool"), new FileEvent(T0, 10, "/app/Tool", FileOperation.Read, FakeClock.LibraryPath, -13));

        Assert.That(FakeClock.ProcessesOutsideIt(recording), Has.Count.EqualTo(1));
    }

    private static PhaseRecording Recording(params ProbeEvent[] events) => new(Phase.Run, events, MonitorHealth.Healthy);

    private static ProcessExecEvent Exec(int pid, string path, int result = 0) => new(T0, pid, path, 1, path, [path], result);

    private static FileEvent Read(int pid, string path) => new(T0, pid, "p", FileOperation.Read, path, 3);
}
