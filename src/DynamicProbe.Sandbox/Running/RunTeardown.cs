using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Monitoring;
using DynamicProbe.Sandbox.Network;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Everything one run made, filled in as it is made, and removed in the one safe order: the target container first
/// (the monitor can free its cgroup only once nothing is left in it, and Docker keeps the pod's namespace while the
/// target is in it), then the monitor session, then the pod (once its catcher's start has settled), then the
/// scratch folder that held their bind mounts. A part that fails to go does not keep the others.
/// </summary>
internal sealed class RunTeardown(ScratchFolder scratch, CancellationToken cancellationToken)
{
    private readonly CancellationTokenSource podStart = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

    public ScratchFolder Scratch => scratch;

    public SinkholePod? Pod { get; set; }

    /// <summary>The catcher's start, under way while the target's sandbox is prepared.</summary>
    public Task PodStarted { get; set; } = Task.CompletedTask;

    /// <summary>Cancelled at teardown, so a catcher start still under way is abandoned, never waited out.</summary>
    public CancellationToken PodStartToken => podStart.Token;

    public SandboxContainer? Container { get; set; }

    public IMonitorSession? Session { get; set; }

    public async Task RemoveAsync()
    {
        try
        {
            await podStart.CancelAsync();
            if (Container is not null)
            {
                await Container.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                if (Session is not null)
                {
                    await Session.DisposeAsync();
                }
            }
            finally
            {
                try
                {
                    await PodStarted.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    if (Pod is not null)
                    {
                        await Pod.DisposeAsync();
                    }
                }
                finally
                {
                    await scratch.DisposeAsync();
                    podStart.Dispose();
                }
            }
        }
    }
}
