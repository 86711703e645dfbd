namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// How many sandboxes may exist at once (<c>--parallel</c>), shared by every scenario of a run and every variant of
/// a scenario: a slot is held only while a build or a run has its sandbox, so variants share the budget rather than
/// add to it, and a scenario waiting for slots holds none.
/// </summary>
public sealed class SandboxSlots(int count)
{
    private readonly SemaphoreSlim slots = new(count, count);

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
}
