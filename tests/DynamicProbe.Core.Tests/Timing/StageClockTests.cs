using DynamicProbe.Core.Timing;

namespace DynamicProbe.Core.Tests.Timing;

public sealed class StageClockTests
{
    [Test]
    public async Task SequentialStagesAreListedInOrderWithoutOverlapAndWithinTheTotal()
    {
        var clock = new StageClock();

        await clock.TimeAsync("first", async () => await Task.Yield());
        var value = clock.Time("second", () => 42);
        await clock.TimeAsync("third", () => Task.FromResult("x"));
        var timings = clock.Read();

        Assert.That(value, Is.EqualTo(42));
        Assert.That(timings.Stages.Select(s => s.Stage), Is.EqualTo(new[] { "first", "second", "third" }));
        Assert.That(timings.Stages.Select(s => s.Start), Is.All.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.That(timings.Stages.Select(s => s.Duration), Is.All.GreaterThanOrEqualTo(TimeSpan.Zero));
        Assert.That(timings.Stages.Zip(timings.Stages.Skip(1)).All(p => p.First.End <= p.Second.Start), Is.True);
        Assert.That(timings.Stages[^1].End, Is.LessThanOrEqualTo(timings.Total));
    }

    [Test]
    public async Task StagesRunSideBySideAreBothRecordedAndOrderedByStart()
    {
        var clock = new StageClock();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var background = clock.TimeAsync("background", () => release.Task);
        await clock.TimeAsync("foreground", async () => await Task.Yield());
        release.SetResult();
        await background;
        var timings = clock.Read();

        var backgroundStage = timings.Stages.Single(s => s.Stage == "background");
        var foregroundStage = timings.Stages.Single(s => s.Stage == "foreground");
        Assert.That(timings.Stages, Has.Count.EqualTo(2));
        Assert.That(timings.Stages.Zip(timings.Stages.Skip(1)).All(p => p.First.Start <= p.Second.Start), Is.True, "ordered by start");
        Assert.That(backgroundStage.Start, Is.LessThanOrEqualTo(foregroundStage.Start));
        Assert.That(backgroundStage.End, Is.GreaterThanOrEqualTo(foregroundStage.End), "the background stage spans the foreground one");
    }

    [Test]
    public void AStageThatFailsIsStillRecordedAndItsErrorPassesThrough()
    {
        var clock = new StageClock();

        Assert.ThrowsAsync<InvalidOperationException>(() => clock.TimeAsync("failing", () => Task.FromException(new InvalidOperationException("no"))));

        Assert.That(clock.Read().Stages.Single().Stage, Is.EqualTo("failing"));
    }

    [Test]
    public void ABeginningTakenEarlierIsRecordedFromThere()
    {
        var clock = new StageClock();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        clock.Time("between", () => 0);

        clock.Record("around", started);
        var stages = clock.Read().Stages;

        var around = stages.Single(s => s.Stage == "around");
        var between = stages.Single(s => s.Stage == "between");
        Assert.That(around.Start, Is.LessThanOrEqualTo(between.Start));
        Assert.That(around.End, Is.GreaterThanOrEqualTo(between.End));
    }
}
