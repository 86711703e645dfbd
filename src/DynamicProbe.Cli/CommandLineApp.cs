using System.CommandLine;
using DynamicProbe.Cli.Commands;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Cli;

/// <summary>
/// The <c>dynamicprobe</c> command line. Every user error (a bad flag, a bad scenario, no Docker) ends with a
/// message on stderr and exit code 2, never a stack trace.
/// </summary>
public static class CommandLineApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        using var interrupt = new InterruptSignals();
        var root = new RootCommand(
            "DynamicProbe builds a program, runs it in a locked-down, monitored sandbox under scripted scenarios, "
            + "and reports every file, process and network action the scenario did not expect.")
        {
            RunCommand.Create(output, interrupt),
            BaselineCommand.Create(output, interrupt),
            MergeCommand.Create(output),
            ImagesCommand.Create(),
            ValidateCommand.Create(),
            SchemaCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"dynamicprobe: {Inert(parseError.Message)}");
            }

            await error.WriteLineAsync("Run 'dynamicprobe --help' (or 'dynamicprobe run --help') for the usage.");
            return (int)ExitCode.UserError;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = output,
                    Error = error,
                    EnableDefaultExceptionHandler = false,

                    // Signals are InterruptSignals' (registered before any action runs): no forced exit while sandboxes are removed.
                    ProcessTerminationTimeout = null,
                },
                interrupt.Token);
        }
        catch (UserErrorException e)
        {
            await error.WriteLineAsync($"dynamicprobe: {Inert(e.Message)}");
            return (int)ExitCode.UserError;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("dynamicprobe: interrupted; every sandbox was removed.");
            return (int)ExitCode.UserError;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("DYNAMICPROBE_DEBUG") is not "1")
        {
            // A bug of ours, not the user's: say so plainly; DYNAMICPROBE_DEBUG=1 lets the stack trace through.
            await error.WriteLineAsync($"dynamicprobe: internal error ({e.GetType().Name}): {Inert(e.Message)}. Please report it; rerun with DYNAMICPROBE_DEBUG=1 for details.");
            return (int)ExitCode.UserError;
        }
    }

    /// <summary>Messages may quote a scenario's values or a path: shown inertly, their own line breaks kept.</summary>
    private static string Inert(string message) => string.Join(Environment.NewLine, InertText.Lines(message));
}
