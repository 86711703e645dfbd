using System.Globalization;
using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Reports.Sarif;

/// <summary>How a severity reads in SARIF: a result level and GitHub code scanning's <c>security-severity</c> score.</summary>
public static class SarifSeverity
{
    /// <summary>
    /// <c>error</c> for a finding that fails the run (its <c>--fail-on</c>); otherwise <c>warning</c> from medium up and
    /// <c>note</c> below, so a reader sees what broke the build apart from what was only reported.
    /// </summary>
    public static string LevelOf(Severity severity, bool failsRun) =>
        failsRun ? "error" : severity >= Severity.Medium ? "warning" : "note";

    /// <summary>The level a rule defaults to: what its severity would be under the default <c>--fail-on</c>.</summary>
    public static string DefaultLevelOf(Severity severity) => LevelOf(severity, failsRun: false);

    /// <summary>
    /// A score in the middle of the band GitHub maps to the same severity (critical above 9.0, high 7.0 to 8.9,
    /// medium 4.0 to 6.9, low 0.1 to 3.9); an info note scores 0.0, which GitHub shows as no security severity.
    /// </summary>
    public static string ScoreOf(Severity severity) => (severity switch
    {
        Severity.Critical => 9.5,
        Severity.High => 8.0,
        Severity.Medium => 5.5,
        Severity.Low => 2.0,
        _ => 0.0,
    }).ToString("0.0", CultureInfo.InvariantCulture);
}
