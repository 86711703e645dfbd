using Docker.DotNet;
using Docker.DotNet.Models;

namespace DynamicProbe.Sandbox.Docker;

/// <summary>
/// A process exec'd into a running sandbox container. Its output is drained from the moment it starts, whether or not
/// anyone waits for it, so a chatty target never blocks on a full pipe; only the first bytes are kept
/// (<see cref="BoundedCapture"/>). Disposing detaches from it; the process itself ends with its container.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    private const int ReadBufferBytes = 64 * 1024;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan StreamCloseGrace = TimeSpan.FromSeconds(5);

    private readonly IDockerClient docker;
    private readonly MultiplexedStream stream;
    private readonly CancellationTokenSource detach = new();
    private Task pump = Task.CompletedTask;
    private Exception? streamFailure;

    private SandboxProcess(IDockerClient docker, string execId, MultiplexedStream stream, int outputLimit)
    {
        this.docker = docker;
        this.stream = stream;
        ExecId = execId;
        Stdout = new BoundedCapture(outputLimit);
        Stderr = new BoundedCapture(outputLimit);
    }

    public string ExecId { get; }

    public BoundedCapture Stdout { get; }

    public BoundedCapture Stderr { get; }

    internal static async Task<SandboxProcess> StartAsync(
        IDockerClient docker, string containerId, ExecRequest request, int outputLimit, CancellationToken cancellationToken)
    {
        var created = await docker.Exec.ExecCreateContainerAsync(
            containerId,
            new ContainerExecCreateParameters
            {
                Cmd = [.. request.Argv],
                User = request.User.DockerUser,
                WorkingDir = request.WorkingDirectory,
                Env = [$"HOME={request.User.Home}", .. (request.Environment ?? new Dictionary<string, string>()).Select(v => $"{v.Key}={v.Value}")],
                AttachStdin = request.Stdin is not null,
                AttachStdout = true,
                AttachStderr = true,
                Tty = false,
            },
            cancellationToken);
        var stream = await docker.Exec.StartAndAttachContainerExecAsync(created.ID, tty: false, cancellationToken);
        var process = new SandboxProcess(docker, created.ID, stream, outputLimit);
        process.pump = process.PumpAsync(request.Stdin);
        return process;
    }

    /// <summary>The process's pid as the host kernel numbers it (what the monitor records), once it runs; null if it never ran.</summary>
    public async Task<int?> GetHostPidAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = await docker.Exec.InspectContainerExecAsync(ExecId, cancellationToken);
            if (state.Pid > 0)
            {
                return (int)state.Pid;
            }

            if (HasExited(state))
            {
                return null;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The exit code when the process has ended, else null.</summary>
    public async Task<long?> TryGetExitCodeAsync(CancellationToken cancellationToken)
    {
        var state = await docker.Exec.InspectContainerExecAsync(ExecId, cancellationToken);
        return HasExited(state) ? state.ExitCode : null;
    }

    /// <summary>
    /// Waits until the process has exited and its output has ended. Docker closes an exec's streams at most two
    /// seconds after it exits, even when a grandchild still holds them; a stream still open after
    /// <see cref="StreamCloseGrace"/> (seen when the exec could not start at all) is cut rather than waited on.
    /// </summary>
    /// <exception cref="IOException">The connection carrying the output broke: what the process printed is incomplete.</exception>
    public async Task<ExecResult> WaitForExitAsync(CancellationToken cancellationToken)
    {
        long? exitCode;
        while ((exitCode = await TryGetExitCodeAsync(cancellationToken)) is null)
        {
            // Wakes at once when the output ends, which is usually the moment the process exits.
            await Task.WhenAny(pump, Task.Delay(PollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (await Task.WhenAny(pump, Task.Delay(StreamCloseGrace, cancellationToken)) != pump)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DetachAsync();
        }

        return streamFailure is null
            ? new ExecResult(exitCode.Value, Stdout, Stderr)
            : throw new IOException($"the output of the process was cut off: {streamFailure.Message}", streamFailure);
    }

    public async ValueTask DisposeAsync()
    {
        await DetachAsync();
        detach.Dispose();
    }

    /// <summary>
    /// Docker reports a running exec, or one not started yet, with no exit code; one that ran has a pid, and one that
    /// failed to start has exit code 126 or 127 and no pid.
    /// </summary>
    private static bool HasExited(ContainerExecInspectResponse state) => !state.Running && (state.Pid > 0 || state.ExitCode != 0);

    private async Task DetachAsync()
    {
        await detach.CancelAsync();
        stream.Dispose();
        await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task PumpAsync(byte[]? stdin)
    {
        // A stream read may ignore its token; disposing the stream always ends it.
        await using var abort = detach.Token.Register(stream.Dispose);
        var feeding = stdin is null ? Task.CompletedTask : FeedAsync(stdin);
        var buffer = new byte[ReadBufferBytes];
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, detach.Token);
                if (read.EOF)
                {
                    break;
                }

                var capture = read.Target == MultiplexedStream.TargetStream.StandardError ? Stderr : Stdout;
                capture.Append(buffer.AsSpan(0, read.Count));
            }
        }
        catch (Exception error) when (!detach.IsCancellationRequested)
        {
            streamFailure = error;
        }
        catch (Exception) when (detach.IsCancellationRequested)
        {
            // Detached on purpose: the output after this point is not wanted.
        }

        await feeding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Writes stdin beside the reading, so a target that prints before reading all its input never deadlocks us.</summary>
    private async Task FeedAsync(byte[] stdin)
    {
        try
        {
            await stream.WriteAsync(stdin, 0, stdin.Length, detach.Token);
        }
        finally
        {
            // A target that exits without reading its input closes the pipe; the end-of-file still has to be sent.
            stream.CloseWrite();
        }
    }
}
