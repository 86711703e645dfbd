using System.Diagnostics;
using System.Globalization;

namespace DynamicProbe.Sandbox.Network;

/// <summary>
/// Runs a short host program (nsenter with ip or iptables-restore) to completion: its input given, its output and
/// errors kept, killed with its children when it overruns its time or the caller cancels.
/// </summary>
internal static class HostCommand
{
    /// <returns>Standard output.</returns>
    /// <exception cref="InvalidOperationException">The program could not start, overran <paramref name="timeout"/>, or exited non-zero.</exception>
    public static async Task<string> RunAsync(
        IReadOnlyList<string> argv, string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new InvalidOperationException($"could not start {argv[0]}: {error.Message}", error);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(bounded.Token);
            var errors = process.StandardError.ReadToEndAsync(bounded.Token);
            await process.StandardInput.WriteAsync((standardInput ?? "").AsMemory(), bounded.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(bounded.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{string.Join(' ', argv)} exited with code {process.ExitCode}: {(await errors).Trim()}");
            }

            return await output;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"{string.Join(' ', argv)} did not finish within {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
