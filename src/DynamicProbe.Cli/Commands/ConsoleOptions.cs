using System.CommandLine;
using DynamicProbe.Cli.Progress;

namespace DynamicProbe.Cli.Commands;

/// <summary>The console flags of the commands that run scenarios: <c>--progress</c> and <c>--quiet</c>.</summary>
public sealed class ConsoleOptions
{
    private readonly Option<string> progress = new("--progress")
    {
        Description = "How progress is shown: auto (live on a terminal; plain lines when stdout is a pipe or a file, or with NO_COLOR or TERM=dumb), "
            + "live, plain (one timestamped line per phase and step, no colour or cursor codes) or none.",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<bool> quiet = new("--quiet", "-q")
    {
        Description = "Print only the summary, each scenario's problems and the report paths: no progress, no findings (they are in the reports). Errors still go to stderr.",
    };

    public ConsoleOptions()
    {
        progress.AcceptOnlyFromAmong("auto", "live", "plain", "none");
    }

    /// <summary>Adds the options to <paramref name="command"/>, refusing <c>--quiet</c> with a <c>--progress</c> of its own.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(progress);
        command.Options.Add(quiet);
        command.Validators.Add(result =>
        {
            if (result.GetValue(quiet) && result.GetResult(progress) is { Implicit: false })
            {
                result.AddError("--quiet shows no progress: leave out --progress, or --quiet.");
            }
        });
    }

    public ConsoleSettings Settings(ParseResult result) =>
        new(Enum.Parse<ProgressMode>(result.GetValue(progress)!, ignoreCase: true), result.GetValue(quiet));
}
