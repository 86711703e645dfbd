namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// One file checked by <see cref="ScenarioLoader.CheckAll"/>: the scenario, what is wrong with it, or why a folder walk
/// skipped it as not a scenario.
/// </summary>
/// <param name="FilePath">The file's absolute path.</param>
/// <param name="Scenario">The loaded scenario; null when the file has problems or was skipped.</param>
/// <param name="Problems">One <c>file:line:col: field: problem</c> line each, in file order; empty when the file is valid or was skipped.</param>
public sealed record ScenarioCheck(string FilePath, Scenario? Scenario, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// Set when a folder walk found the file but it is a target's own YAML data: why it is not a scenario. Such a file is
    /// neither valid nor invalid, and is shown (<see cref="SkipLine"/>), never left out silently.
    /// </summary>
    public string? SkipReason { get; init; }

    public bool IsValid => Scenario is not null;

    public bool IsSkipped => SkipReason is not null;

    public bool IsInvalid => !IsValid && !IsSkipped;

    /// <summary>The line <c>run</c> and <c>validate</c> print for a skipped file (raw: escape it before printing).</summary>
    public string SkipLine => $"skipped {FilePath}: {SkipReason}";
}
