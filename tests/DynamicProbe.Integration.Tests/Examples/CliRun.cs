using System.Text.Json;
using DynamicProbe.Cli;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>One in-process run of the real <c>dynamicprobe</c> command, with what it printed and reported.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, JsonDocument? Report)
{
    public static async Task<CliRun> ExecuteAsync(params string[] args)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"dynamicprobe-test-{Guid.NewGuid():N}.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var withReport = args.Length > 0 && args[0] == "run" ? [.. args, "--json", reportPath] : args;
        try
        {
            var exitCode = await CommandLineApp.RunAsync(withReport, output, error);
            var report = File.Exists(reportPath) ? JsonDocument.Parse(await File.ReadAllTextAsync(reportPath)) : null;
            return new CliRun(exitCode, output.ToString(), error.ToString(), report);
        }
        finally
        {
            File.Delete(reportPath);
        }
    }

    public JsonElement Scenario(string name) =>
        (Report ?? throw new InvalidOperationException($"no JSON report; exit {ExitCode}, stderr: {Error}"))
            .RootElement.GetProperty("scenarios").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name);
}
