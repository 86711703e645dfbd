using System.CommandLine;
using DynamicProbe.Core.Sharding;

namespace DynamicProbe.Cli.Commands;

/// <summary><c>run --shard K/N</c>: a bad value is a parse error naming the fix (exit code 2) before anything starts.</summary>
public static class ShardOption
{
    public static Option<ShardSpec?> Create() => new("--shard")
    {
        Description = "Run only shard K of N (K from 1 to N) of the scenarios: a stable split by scenario name, the same on every machine. "
            + "Join the shards' JSON reports with 'dynamicprobe merge'.",
        HelpName = "K/N",
        CustomParser = result =>
        {
            if (ShardSpec.TryParse(result.Tokens.Single().Value, out var spec, out var problem))
            {
                return spec;
            }

            result.AddError(problem);
            return null;
        },
    };
}
