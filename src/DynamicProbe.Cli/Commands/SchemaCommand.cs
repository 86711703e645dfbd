using System.CommandLine;
using DynamicProbe.Core.Schemas;

namespace DynamicProbe.Cli.Commands;

/// <summary><c>dynamicprobe schema [--report]</c>: prints a JSON Schema DynamicProbe publishes, for editors and other tools.</summary>
public static class SchemaCommand
{
    public static Command Create()
    {
        var report = new Option<bool>("--report")
        {
            Description = "Print the JSON report's schema (what --json writes) instead of the scenario format's.",
        };
        var command = new Command(
            "schema",
            "Print the JSON Schema of the scenario format (draft-07), for YAML language servers: "
            + "dynamicprobe schema > scenario.schema.json. No root or Docker needed.")
        {
            report,
        };

        command.SetAction(async (result, cancellationToken) =>
        {
            var text = result.GetValue(report) ? SchemaFiles.Report : SchemaFiles.Scenario;
            await result.InvocationConfiguration.Output.WriteAsync(text.AsMemory(), cancellationToken);
            return 0;
        });
        return command;
    }
}
