using System.Runtime.InteropServices;

namespace DynamicProbe.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as a cancellation: the run removes what it made and exits with code 2 instead of dying.
/// Registered before any command runs. System.CommandLine's own handler is registered only once the command's action
/// has begun, so a signal in the action's first moments (the tracer already started) would kill the process with
/// code 143 and leave the tracer behind.
/// </summary>
public sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _interrupted = new();
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;

    public InterruptSignals()
    {
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled at the first signal.</summary>
    public CancellationToken Token => _interrupted.Token;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _interrupted.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _interrupted.Cancel();
    }
}
