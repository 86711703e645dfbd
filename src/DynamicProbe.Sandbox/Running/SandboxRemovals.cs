namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// The removals of finished sandboxes, taken off the critical path: a run hands its teardown here and returns its
/// outcome at once, so the analysis and the report go on while the containers are removed. The process awaits
/// <see cref="WhenAllRemovedAsync"/> before it exits, also after Ctrl-C or an error; a process killed outright leaves
/// its labelled containers and owned scratch folders to the <see cref="Reaper"/> of the next run.
/// </summary>
public sealed class SandboxRemovals
{
    private readonly Lock gate = new();
    private readonly List<Task> pending = [];

    /// <returns>A task that completes once the teardown has finished (or failed).</returns>
    public Task Defer(Func<Task> teardown)
    {
        var removal = Task.Run(teardown);
        lock (gate)
        {
            pending.Add(removal);
        }

        return removal;
    }

    /// <summary>Waits for every removal handed over so far; a removal that failed is reported here, not lost.</summary>
    public async Task WhenAllRemovedAsync()
    {
        Task[] all;
        lock (gate)
        {
            all = [.. pending];
        }

        await Task.WhenAll(all);
    }
}
