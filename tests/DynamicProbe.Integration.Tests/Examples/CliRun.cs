using System.Text.Json;
using DynamicProbe.Cli;
using DynamicProbe.Core.Tests.Reports;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// One in-process run of the real <c>dynamicprobe</c> command, with what it printed and reported. Every <c>run</c> also
/// writes the JUnit and HTML reports, kept as text; the JUnit one is checked against Jenkins' schema each time.
/// </summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, JsonDocument? Report, string? Junit, string? Html)
{
    public static async Task<CliRun> ExecuteAsync(params string[] args)
    {
        var reports = Path.Combine(Path.GetTempPath(), $"dynamicprobe-test-{Guid.NewGuid():N}");
        var (reportPath, junitPath, htmlPath) = ($"{reports}.json", $"{reports}.xml", $"{reports}.html");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var withReport = args.Length > 0 && args[0] == "run" ? [.. args, "--json", reportPath, "--junit", junitPath, "--html", htmlPath] : args;
        try
        {
            var exitCode = await CommandLineApp.RunAsync(withReport, output, error);
            var report = File.Exists(reportPath) ? JsonDocument.Parse(await File.ReadAllTextAsync(reportPath)) : null;
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
            File.Delete(reportPath);
            File.Delete(junitPath);
            File.Delete(htmlPath);
        }
    }

    public JsonElement Scenario(string name) =>
        (Report ?? throw new InvalidOperationException($"no JSON report; exit {ExitCode}, stderr: {Error}"))
            .RootElement.GetProperty("scenarios").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name);
}
