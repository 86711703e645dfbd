using System.Runtime.InteropServices;

namespace DynamicProbe.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation: the run removes what it made, reports what finished and exits
/// instead of dying. Registered before any command runs. System.CommandLine's own handler is registered only once the
/// command's action has begun, so a signal in the action's first moments (the tracer already started) would kill the
/// process with code 143 and leave the tracer behind.
/// </summary>
public sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupted = new();
    private readonly Lock _gate = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private PosixSignal? _received;

    public InterruptSignals()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _interrupted.Token;

    /// <summary>The first signal received, as a user knows it (<c>SIGTERM</c>, <c>SIGINT</c>); null before one came.</summary>
    public string? Received
    {
        get
        {
            lock (_gate)
            {
                return _received switch
                {
                    PosixSignal.SIGTERM => "SIGTERM",
                    PosixSignal.SIGINT => "SIGINT",
                    _ => null,
                };
            }
        }
    }

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _interrupted.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        lock (_gate)
        {
            _received ??= context.Signal;
        }

        _interrupted.Cancel();
    }
}
