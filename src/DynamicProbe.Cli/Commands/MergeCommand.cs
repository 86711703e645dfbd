using System.CommandLine;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Core.Sharding;

namespace DynamicProbe.Cli.Commands;

/// <summary>
/// <c>dynamicprobe merge REPORT.json...</c>: joins the JSON reports of a suite's shards (or of whole runs of different
/// scenarios) into the reports and the exit code one run of them all would give. Reads files only: no root, no Docker.
/// </summary>
public static class MergeCommand
{
    public static Command Create(TextWriter output)
    {
        var inputs = new Argument<FileInfo[]>("REPORT")
        {
            Description = "JSON reports written by 'dynamicprobe run --json': every shard of one suite (run --shard K/N), "
                + "or whole runs of different scenarios.",
            Arity = ArgumentArity.OneOrMore,
        };
        var reports = new ReportOptions();
        var command = new Command(
            "merge",
            "Join the JSON reports of a suite's shards into one report, with the verdicts, findings and exit code of one run of the whole suite "
            + "(the exit codes of 'run'). Refuses a missing or doubled shard, shards of different suites or --fail-on, and a scenario in two reports.")
        {
            inputs,
        };
        foreach (var option in reports.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var requested = reports.Requested(result);
            var read = new List<SourcedReport>();
            foreach (var file in result.GetValue(inputs)!)
            {
                read.Add(new SourcedReport(file.ToString(), await ReadAsync(file, cancellationToken)));
            }

            var merged = ReportMerger.Merge(read);
            MergeSummary.Write(read, merged, output);
            await ReportFiles.WriteAllAsync(merged, requested, output, cancellationToken);
            return merged.ExitCode;
        });
        return command;
    }

    private static async Task<ReportDocument> ReadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = file.OpenRead();
            return await JsonReportReader.ReadAsync(stream, file.ToString(), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UserErrorException($"{file}: no such report file; name the JSON reports the shards wrote (run --shard K/N --json FILE).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserErrorException($"{file}: cannot read the report: {e.Message}; check the file is readable.");
        }
    }
}
