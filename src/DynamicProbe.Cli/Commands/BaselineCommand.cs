using System.CommandLine;
using DynamicProbe.Cli.Baselines;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Cli.Commands;

/// <summary><c>dynamicprobe baseline record PATH...</c>: runs scenarios and writes each one's behaviour profile beside it.</summary>
public static class BaselineCommand
{
    public static Command Create(TextWriter output, InterruptSignals interrupt)
    {
        var paths = ScenarioOptions.Paths();
        var console = new ConsoleOptions();
        var json = new Option<FileInfo?>("--json") { Description = "Write the JSON report of the recording runs to this file." };
        var parallel = ScenarioOptions.Parallel("How many sandboxes exist at once, as for 'run'.");

        var record = new Command(
            "record",
            "Run scenarios and write each one's normalized behaviour profile beside it (foo.yaml -> foo.baseline), for 'run --baseline'. "
            + "Exit codes: 0 every baseline written (findings are recorded as accepted); 2 a scenario could not be run; "
            + "3 a run was not fully observed (events lost, timeout) or was interrupted: its baseline is not written.")
        {
            paths, json, parallel,
        };
        console.AddTo(record);
        record.SetAction(async (result, cancellationToken) =>
        {
            var options = new RunOptions(result.GetValue(paths)!, result.GetValue(json) is { } file ? [new RequestedReport(new JsonReportFormat(), file.FullName)] : [], Severity.Low, result.GetValue(parallel))
            {
                Mode = new RecordMode(),
                Console = console.Settings(result),
            };
            return await RunPipeline.ExecuteAsync(options, output, interrupt, cancellationToken);
        });

        return new Command("baseline", "Record behaviour baselines, which 'run --baseline' reports drift from.") { record };
    }
}
