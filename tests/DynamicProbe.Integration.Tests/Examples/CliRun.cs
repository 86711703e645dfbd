using System.Text.Json;
using DynamicProbe.Cli;
using DynamicProbe.Core.Tests.Reports;
using DynamicProbe.Tests.Shared.ReportValidation;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// One in-process run of the real <c>dynamicprobe</c> command, with what it printed and reported. Every <c>run</c> and
/// <c>merge</c> writes the JSON, SARIF, JUnit and HTML reports (to the files the arguments name, else to temporary
/// ones), and every report written is checked: the JSON against the published schema, the SARIF by the SARIF
/// Multitool, the JUnit against Jenkins' schema; the JUnit and HTML are kept as text.
/// </summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, JsonDocument? Report, string? Junit, string? Html)
{
    public static async Task<CliRun> ExecuteAsync(params string[] args)
    {
        var reporting = args.Length > 0 && args[0] is "run" or "merge";
        var temporary = new List<string>();
        var withReports = args.ToList();
        string? FileFor(string option, string extension) => reporting ? ReportPath(withReports, option, extension, temporary) : null;
        var (reportPath, sarifPath, junitPath, htmlPath) =
            (FileFor("--json", ".json"), FileFor("--sarif", ".sarif"), FileFor("--junit", ".xml"), FileFor("--html", ".html"));
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

            var junit = File.Exists(junitPath) ? await File.ReadAllTextAsync(junitPath) : null;
            if (junit is not null)
            {
                Assert.That(JunitSchema.Problems(junit), Is.Empty, $"the JUnit report of '{string.Join(' ', args)}' is not valid JUnit:\n{junit}");
            }

            var html = File.Exists(htmlPath) ? await File.ReadAllTextAsync(htmlPath) : null;
            return new CliRun(exitCode, output.ToString(), error.ToString(), report, junit, html);
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
