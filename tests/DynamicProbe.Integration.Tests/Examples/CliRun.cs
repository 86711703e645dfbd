using System.Text.Json;
using DynamicProbe.Cli;
using DynamicProbe.Tests.Shared.ReportValidation;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// One in-process run of the real <c>dynamicprobe</c> command, with what it printed and reported. Every <c>run</c> and
/// <c>merge</c> writes the JSON and SARIF reports (to the files the arguments name, else to temporary ones), and every
/// report written is checked: the JSON against the published schema, the SARIF by the SARIF Multitool.
/// </summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, JsonDocument? Report)
{
    public static async Task<CliRun> ExecuteAsync(params string[] args)
    {
        var reporting = args.Length > 0 && args[0] is "run" or "merge";
        var temporary = new List<string>();
        var withReports = args.ToList();
        var reportPath = reporting ? ReportPath(withReports, "--json", ".json", temporary) : null;
        var sarifPath = reporting ? ReportPath(withReports, "--sarif", ".sarif", temporary) : null;
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            var exitCode = await CommandLineApp.RunAsync([.. withReports], output, error);
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
            temporary.ForEach(File.Delete);
        }
    }

    public JsonElement Scenario(string name) =>
        (Report ?? throw new InvalidOperationException($"no JSON report; exit {ExitCode}, stderr: {Error}"))
            .RootElement.GetProperty("scenarios").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name);

    /// <summary>The file the arguments name for <paramref name="option"/>, or a temporary one added to them.</summary>
    private static string ReportPath(List<string> args, string option, string extension, List<string> temporary)
    {
        var at = args.IndexOf(option);
        if (at >= 0 && at + 1 < args.Count)
        {
            return args[at + 1];
        }

        var path = Path.Combine(Path.GetTempPath(), $"dynamicprobe-test-{Guid.NewGuid():N}{extension}");
        args.AddRange([option, path]);
        temporary.Add(path);
        return path;
    }
}
