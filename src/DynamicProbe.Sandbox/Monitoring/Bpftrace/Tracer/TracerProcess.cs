using System.Diagnostics;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Tracer;

/// <summary>
/// The bpftrace process. It is started through <c>setpriv --pdeathsig KILL</c>, so the kernel kills it when its
/// parent dies, also on a kill -9 of this process. The parent the kernel means is the thread that forked, so the
/// start happens on a dedicated thread that lives exactly as long as the tracer (a thread-pool thread could be
/// retired while the tracer runs, and take the tracer with it).
/// </summary>
internal sealed class TracerProcess : IDisposable
{
    private const int Interrupt = 2; // SIGINT: bpftrace runs END, prints what it holds and exits
    private const int StderrTailChars = 4096;

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _stderrReader;
    private readonly Lock _stderrGate = new();
    private string _stderrTail = "";

    private TracerProcess(Process process)
    {
        _process = process;
        Pid = process.Id;
        _stderrReader = Task.Run(ReadStderrAsync);
    }

    /// <summary>Kept from the start: it still names the tracer in reports after the process handle is freed.</summary>
    public int Pid { get; }

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Completes with the exit code (128 + signal when killed) when bpftrace exits.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The end of what bpftrace wrote to stderr, without its harmless RLIMIT_MEMLOCK warning.</summary>
    public string ErrorTail
    {
        get
        {
            lock (_stderrGate)
            {
                return _stderrTail.Trim();
            }
        }
    }

    public static async Task<TracerProcess> StartAsync(
        string setpriv, string bpftrace, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(setpriv)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--pdeathsig", "KILL", "--", bpftrace, .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var started = new TaskCompletionSource<TracerProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        var parent = new Thread(() =>
        {
            TracerProcess tracer;
            try
            {
                process.Start();
                tracer = new TracerProcess(process);
            }
            catch (Exception error) when (error is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                process.Dispose();
                started.SetException(new MonitorAttachException($"cannot start {setpriv} {bpftrace}: {error.Message}", error));
                return;
            }

            started.SetResult(tracer);
            try
            {
                process.WaitForExit();
                tracer._exited.SetResult(process.ExitCode);
            }
            catch (SystemException)
            {
                // An exception escaping this thread would take the whole process down.
                tracer._exited.TrySetResult(-1);
            }
        })
        {
            IsBackground = true,
            Name = "bpftrace parent",
        };
        parent.Start();
        // Not cancellable: once started the tracer must reach its owner, or nobody would stop it.
        var tracerProcess = await started.Task;
        if (cancellationToken.IsCancellationRequested)
        {
            tracerProcess.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return tracerProcess;
    }

    /// <summary>Asks bpftrace to stop cleanly; false when it had already exited.</summary>
    public bool RequestStop() => !HasExited && HostProcesses.Signal(Pid, Interrupt);

    public void Kill()
    {
        if (!HasExited)
        {
            try
            {
                _process.Kill();
            }
            catch (InvalidOperationException)
            {
                // Exited in the meantime.
            }
        }
    }

    /// <summary>Forgets what stderr held so far: once attached, the compiler's warnings explain nothing that follows.</summary>
    public void ClearErrorTail()
    {
        lock (_stderrGate)
        {
            _stderrTail = "";
        }
    }

    public async Task WaitForStderrAsync(TimeSpan patience)
    {
        try
        {
            await _stderrReader.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            // Whatever arrived so far is in ErrorTail.
        }
    }

    /// <summary>Kills the tracer and frees the process handle once the parent thread has seen it exit.</summary>
    public void Dispose()
    {
        Kill();
        if (_exited.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            _process.Dispose();
        }
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                if (line.Contains("RLIMIT_MEMLOCK", StringComparison.Ordinal))
                {
                    continue;
                }

                lock (_stderrGate)
                {
                    var tail = _stderrTail + line + "\n";
                    _stderrTail = tail.Length > StderrTailChars ? tail[^StderrTailChars..] : tail;
                }
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process went away; the tail holds what was read.
        }
    }
}
