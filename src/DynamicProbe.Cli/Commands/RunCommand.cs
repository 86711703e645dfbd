using System.CommandLine;
using DynamicProbe.Cli.Baselines;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Cli.Commands;

/// <summary><c>dynamicprobe run PATH...</c>: runs scenarios and reports, with the exit codes of scenario-format.md.</summary>
public static class RunCommand
{
    public static Command Create(TextWriter output, InterruptSignals interrupt)
    {
        var paths = ScenarioOptions.Paths();
        var reports = new ReportOptions();
        var console = new ConsoleOptions();
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Lowest severity that fails the run (exit code 1): low, medium, high or critical. Info notes never fail.",
            DefaultValueFactory = _ => "low",
        };
        failOn.AcceptOnlyFromAmong("low", "medium", "high", "critical");
        var parallel = ScenarioOptions.Parallel("How many sandboxes exist at once: builds and runs of every scenario and variant share this budget.");

        var baseline = new Option<bool>("--baseline")
        {
            Description = "Report only drift from each scenario's baseline file (foo.yaml -> foo.baseline, made by 'dynamicprobe baseline record'): "
                + "new behaviour as findings, vanished behaviour as info notes.",
        };
        var baselineFrom = new Option<string?>("--baseline-from")
        {
            Description = "Report only drift from the same scenario run on git revision REV of the target (target.project scenarios only): "
                + "REV's tree is built and run in the sandbox first, no baseline file needed.",
            HelpName = "REV",
        };

        var shard = ShardOption.Create();

        var command = new Command(
            "run",
            "Run scenarios. Exit codes: 0 every scenario met its expectations; 1 a finding at or above --fail-on; "
            + "2 a scenario could not be run (bad file, build failure, Docker unreachable); 3 inconclusive (events lost, monitor failed, timeout, "
            + "or interrupted by Ctrl-C or SIGTERM: the reports are still written, unfinished scenarios marked interrupted).")
        {
            paths, failOn, parallel, baseline, baselineFrom, shard,
        };
        foreach (var option in reports.All)
        {
            command.Options.Add(option);
        }

        console.AddTo(command);

        command.Validators.Add(result =>
        {
            if (result.GetValue(baseline) && result.GetValue(baselineFrom) is not null)
            {
                result.AddError("--baseline and --baseline-from exclude each other: compare with the baseline file or with a revision.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new RunOptions(
                result.GetValue(paths)!,
                reports.Requested(result),
                Enum.Parse<Severity>(result.GetValue(failOn)!, ignoreCase: true),
                result.GetValue(parallel))
            {
                Mode = result.GetValue(baselineFrom) is { } revision ? new BaselineRevisionMode(revision)
                    : result.GetValue(baseline) ? new BaselineFileMode()
                    : ScenarioMode.AsWritten,
                Console = console.Settings(result),
                Shard = result.GetValue(shard),
            };
            return await RunPipeline.ExecuteAsync(options, output, interrupt, cancellationToken);
        });
        return command;
    }
}
