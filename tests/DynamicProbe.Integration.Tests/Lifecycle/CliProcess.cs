using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DynamicProbe.Integration.Tests.Lifecycle;

/// <summary>
/// The real <c>dynamicprobe</c> as its own process (<c>dotnet dynamicprobe.dll</c>), in a session and process group of
/// its own as a shell starts a foreground job, so a Ctrl-C reaches it the way a terminal sends it: to the whole group,
/// tracers and other children included.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private long? _signalledAt;

    private CliProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(_output, line.Data);
        _process.ErrorDataReceived += (_, line) => Append(_error, line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <param name="sigintDisposition">
    /// How <c>env</c> hands SIGINT to the CLI. The test states its own conditions: a shell that starts the test run as
    /// a background job hands it SIGINT ignored, and dynamicprobe keeps an inherited ignore (see the README).
    /// </param>
    public static CliProcess Start(string sigintDisposition, params string[] arguments)
    {
        var cli = Path.Combine(TestContext.CurrentContext.TestDirectory, "dynamicprobe.dll");
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["env", sigintDisposition, "dotnet", cli, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>SIGINT to the whole process group, as Ctrl-C in a terminal; SIGTERM (or another) to the CLI alone, as <c>kill</c> does.</summary>
    public void Signal(string signal)
    {
        Assert.That(HostProcs.ProcessGroup(Pid), Is.EqualTo(Pid), "precondition: setsid made the CLI a process group leader without forking");
        var target = signal == "INT" ? "-" + Pid.ToString(CultureInfo.InvariantCulture) : Pid.ToString(CultureInfo.InvariantCulture);
        _signalledAt = Stopwatch.GetTimestamp();
        using var kill = Process.Start("kill", ["-" + signal, "--", target])!;
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal} {target} failed");
    }

    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits for the exit (failing the test after 3 minutes) and prints how long it took after the signal, if one was sent.</summary>
    public async Task<int> WaitForExitAsync(string what)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"dynamicprobe did not exit within 3 minutes of {what}; stderr: {Error}");
        }

        var timing = _signalledAt is { } at ? $" {Stopwatch.GetElapsedTime(at).TotalSeconds:F1} s after the signal" : "";
        TestContext.Progress.WriteLine($"  {what}: dynamicprobe exited{timing}, with code {_process.ExitCode}");
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
