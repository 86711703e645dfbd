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
            + "FILE:LINE:COL: field: what was found and expected, and 'skipped FILE: not a scenario (...)' for a YAML file found "
            + "in a folder whose top level names none of version, target, steps (a target's own data). "
            + "Exit codes: 0 every scenario file is valid; 2 any is not. No root or Docker needed.")
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
                var lines = check.IsValid ? [$"ok  {check.FilePath}"] : check.IsSkipped ? [check.SkipLine] : check.Problems;
                foreach (var line in lines)
                {
                    await output.WriteLineAsync(InertText.Escape(line));
                }
            }

            var valid = checks.Count(check => check.IsValid);
            var invalid = checks.Count(check => check.IsInvalid);
            var skipped = checks.Count - valid - invalid;
            await output.WriteLineAsync(
                $"{valid + invalid} scenario file(s): {valid} valid, {invalid} invalid"
                + (skipped == 0 ? "." : $"; {skipped} other YAML file(s) skipped as not scenarios."));
            return invalid == 0 ? 0 : (int)ExitCode.UserError;
        });
        return command;
    }
}
