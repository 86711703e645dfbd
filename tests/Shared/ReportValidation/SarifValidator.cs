using System.Diagnostics;

namespace DynamicProbe.Tests.Shared.ReportValidation;

/// <summary>
/// Checks a SARIF file with the real validator: the SARIF Multitool's <c>validate</c> (installed by
/// scripts/test-tools.sh), with its SARIF rules and the rules of what GitHub code scanning ingests (<c>Gh</c>). Every
/// error it reports fails the test, with its messages; so does a warning, except the advice listed here, which does
/// not fit a dynamic analysis (no source snippets or code regions to quote, no version control details to give).
/// </summary>
internal static class SarifValidator
{
    private static readonly string[] AcceptedWarnings =
    [
        "SARIF2005", // informationUri: the project publishes no web page yet.
        "SARIF2010", // code snippets: a result points at a scenario step, not at code.
        "SARIF2011", // context regions: likewise.
        "SARIF2003", // version control provenance: the run does not know the repository's state.
    ];

    public static string Tool { get; } = Path.Combine(RepositoryRoot.Path, "tests", "tools", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");

    /// <summary>Fails the test with the validator's messages when the file is not valid SARIF that GitHub accepts.</summary>
    public static async Task AssertValidAsync(string sarifPath, CancellationToken cancellationToken = default)
    {
        var problems = await ProblemsAsync(sarifPath, cancellationToken);
        Assert.That(problems, Is.Empty, $"the SARIF Multitool rejects {sarifPath}:\n{string.Join('\n', problems)}");
    }

    /// <summary>The validator's errors and unaccepted warnings about a file, one line each.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(string sarifPath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Tool))
        {
            Assert.Fail($"the SARIF Multitool is missing ({Tool}): run scripts/test-tools.sh");
        }

        var log = Path.Combine(Path.GetTempPath(), $"dynamicprobe-sarif-validation-{Guid.NewGuid():N}.sarif");
        try
        {
            var start = new ProcessStartInfo(Tool)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "validate", sarifPath, "--output", log, "--rule-kind", "Sarif;Gh", "--log", "ForceOverwrite" },
            };

            // The tool is a single-file .NET app: it needs no telemetry or first-run work to validate.
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Tool}");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var lines = (await output).Split('\n').Concat((await error).Split('\n')).Select(l => l.Trim()).ToList();
            var problems = lines
                .Where(l => l.Contains(": error ", StringComparison.Ordinal)
                    || (l.Contains(": warning ", StringComparison.Ordinal) && !AcceptedWarnings.Any(w => l.Contains($": warning {w}:", StringComparison.Ordinal))))
                .ToList();
            if (process.ExitCode != 0 || !lines.Contains("Analysis completed successfully."))
            {
                problems.Add($"the validator itself failed (exit {process.ExitCode}): {string.Join('\n', lines)}");
            }

            return problems;
        }
        finally
        {
            File.Delete(log);
        }
    }
}
