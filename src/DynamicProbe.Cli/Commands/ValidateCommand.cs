using System.CommandLine;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Cli.Commands;

/// <summary>
/// <c>dynamicprobe validate PATH...</c>: checks scenarios as <c>run</c> does before it starts anything (the loader's full
/// validation: fields, paths that must exist, step order, unique names), without root, Docker or a build.
/// </summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var paths = ScenarioOptions.Paths();
        var command = new Command(
            "validate",
            "Check scenario files without running them: one line per valid file ('ok  FILE'), every problem of the others as "
            + "FILE:LINE:COL: field: what was found and expected. Exit codes: 0 every file is valid; 2 any is not. No root or Docker needed.")
        {
            paths,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var checks = ScenarioLoader.CheckAll(result.GetValue(paths)!);
            foreach (var check in checks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lines = check.IsValid ? [$"ok  {check.FilePath}"] : check.Problems;
                foreach (var line in lines)
                {
                    await output.WriteLineAsync(InertText.Escape(line));
                }
            }

            var invalid = checks.Count(check => !check.IsValid);
            await output.WriteLineAsync(
                $"{checks.Count} scenario file(s): {checks.Count - invalid} valid, {invalid} invalid.");
            return invalid == 0 ? 0 : (int)ExitCode.UserError;
        });
        return command;
    }
}
