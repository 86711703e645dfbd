namespace DynamicProbe.Core.Scenarios;

/// <summary>One scenario file checked by <see cref="ScenarioLoader.CheckAll"/>: the scenario, or what is wrong with it.</summary>
/// <param name="FilePath">The file's absolute path.</param>
/// <param name="Scenario">The loaded scenario; null when the file has problems.</param>
/// <param name="Problems">One <c>file:line:col: field: problem</c> line each, in file order; empty when the file is valid.</param>
public sealed record ScenarioCheck(string FilePath, Scenario? Scenario, IReadOnlyList<string> Problems)
{
    public bool IsValid => Scenario is not null;
}
