namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// How many sandboxes may exist at once (<c>--parallel</c>), shared by every scenario of a run and every variant of
/// a scenario: a slot is held only while a build or a run has its sandbox, so variants share the budget rather than
/// add to it, and a scenario waiting for slots holds none.
/// </summary>
public sealed class SandboxSlots(int count)
{
    private readonly SemaphoreSlim slots = new(count, count);

    /// <summary>
    /// Hands back <paramref name="work"/>'s result as soon as it has one, but holds the slot until the sandbox is
    /// gone (<paramref name="removed"/> of the result completes), so a removal off the critical path still counts.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, Func<T, Task> removed, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        T result;
        try
        {
            result = await work();
        }
        catch
        {
            slots.Release();
            throw;
        }

        _ = ReleaseWhenDoneAsync(removed(result));
        return result;
    }

    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Whoever handed the removal over waits for it and sees its failure; here it only frees the slot.</summary>
    private async Task ReleaseWhenDoneAsync(Task removal)
    {
        await removal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        slots.Release();
    }
}
