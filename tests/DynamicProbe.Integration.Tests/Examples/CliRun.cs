using System.Text.Json;
using DynamicProbe.Cli;
using DynamicProbe.Tests.Shared.ReportValidation;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// One in-process run of the real <c>dynamicprobe</c> command, with what it printed and reported. Every <c>run</c>
/// also writes the JSON and SARIF reports, and every report written is checked: the JSON against the published
/// schema, the SARIF by the SARIF Multitool.
/// </summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, JsonDocument? Report)
{
    public static async Task<CliRun> ExecuteAsync(params string[] args)
    {
        var reportPath = Path.Combine(Path.GetTempPath(), $"dynamicprobe-test-{Guid.NewGuid():N}.json");
        var sarifPath = Path.ChangeExtension(reportPath, ".sarif");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var withReport = args.Length > 0 && args[0] == "run" ? [.. args, "--json", reportPath, "--sarif", sarifPath] : args;
        try
        {
            var exitCode = await CommandLineApp.RunAsync(withReport, output, error);
            JsonDocument? report = null;
            if (File.Exists(reportPath))
            {
                var json = await File.ReadAllTextAsync(reportPath);
                JsonReportSchema.AssertValid(json, $"the JSON report of dynamicprobe {string.Join(' ', args)}");
                report = JsonDocument.Parse(json);
            }

            if (File.Exists(sarifPath))
            {
                await SarifValidator.AssertValidAsync(sarifPath);
            }

            return new CliRun(exitCode, output.ToString(), error.ToString(), report);
        }
        finally
        {
            File.Delete(reportPath);
            File.Delete(sarifPath);
        }
    }

    public JsonElement Scenario(string name) =>
        (Report ?? throw new InvalidOperationException($"no JSON report; exit {ExitCode}, stderr: {Error}"))
            .RootElement.GetProperty("scenarios").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name);
}
