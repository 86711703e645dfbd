using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Core.Tests.Pipeline;

public sealed class SandboxSlotsTests
{
    [Test]
    public async Task AResultComesBackBeforeItsSandboxIsRemovedButTheSlotIsHeldUntilItIs()
    {
        var slots = new SandboxSlots(1);
        var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = false;

        var first = await slots.RunAsync(() => Task.FromResult("first"), _ => removed.Task, CancellationToken.None);
        var second = slots.RunAsync(() =>
        {
            secondStarted = true;
            return Task.FromResult("second");
        }, CancellationToken.None);
        await Task.Yield();

        Assert.That(first, Is.EqualTo("first"), "handed back while its sandbox is still being removed");
        Assert.That(secondStarted, Is.False, "the only slot is still held by the sandbox being removed");
        removed.SetResult();
        Assert.That(await second, Is.EqualTo("second"));
        Assert.That(secondStarted, Is.True);
    }

    [Test]
    public async Task AFailedRemovalStillFreesTheSlot()
    {
        var slots = new SandboxSlots(1);

        await slots.RunAsync(() => Task.FromResult(1), _ => Task.FromException(new IOException("docker went away")), CancellationToken.None);

        Assert.That(await slots.RunAsync(() => Task.FromResult(2), CancellationToken.None), Is.EqualTo(2));
    }

    [Test]
    public async Task WorkThatFailsFreesItsSlotAndPassesItsErrorOn()
    {
        var slots = new SandboxSlots(1);

        Assert.ThrowsAsync<InvalidOperationException>(() =>
            slots.RunAsync<int>(() => throw new InvalidOperationException("no sandbox"), _ => Task.CompletedTask, CancellationToken.None));

        Assert.That(await slots.RunAsync(() => Task.FromResult(3), CancellationToken.None), Is.EqualTo(3));
    }
}
