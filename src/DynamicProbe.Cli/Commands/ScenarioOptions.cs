using System.CommandLine;

namespace DynamicProbe.Cli.Commands;

/// <summary>The arguments every command that runs scenarios takes alike: the scenario paths and the sandbox budget.</summary>
public static class ScenarioOptions
{
    public static Argument<string[]> Paths()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Scenario files (.yaml/.yml) or folders holding them (searched recursively; a YAML file there whose "
                + "top level names none of version, target, steps is a target's own data: listed as skipped, not run).",
            Arity = ArgumentArity.OneOrMore,
        };

        // System.CommandLine would take an unknown --flag as a path; a typo deserves its own message.
        paths.Validators.Add(result =>
        {
            foreach (var unknown in result.GetValueOrDefault<string[]>().Where(p => p.StartsWith('-')))
            {
                result.AddError($"unknown option '{unknown}'.");
            }
        });
        return paths;
    }

    public static Option<int> Parallel(string description)
    {
        var parallel = new Option<int>("--parallel")
        {
            Description = description,
            DefaultValueFactory = _ => 1,
        };
        parallel.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--parallel must be 1 or more.");
            }
        });
        return parallel;
    }
}
