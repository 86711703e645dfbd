using System.Diagnostics;

namespace DynamicProbe.Sinkhole.Tests.Support;

/// <summary>Runs a host command and returns what it printed; a command that hangs is killed.</summary>
public static class Commands
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 30 s");
        }

        return (process.ExitCode, await output, await error);
    }

    public static async Task<string> RunCheckedAsync(string file, params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(file, args);
        Assert.That(exitCode, Is.Zero, $"{file} {string.Join(' ', args)} failed: {error}");
        return output;
    }
}
