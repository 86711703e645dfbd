namespace DynamicProbe.Core.Scenarios;

/// <summary>What <see cref="ScenarioLoader.LoadAll"/> found: the scenarios to run, and the files it skipped as not scenarios.</summary>
/// <param name="Scenarios">Every scenario, in the order of <see cref="ScenarioLoader.FindScenarioFiles"/>.</param>
/// <param name="Skipped">
/// The YAML files a folder walk found that are a target's own data (<see cref="ScenarioCheck.IsSkipped"/>), in file order:
/// the caller shows them, since a file left out silently could be a check that never ran.
/// </param>
public sealed record ScenarioSuite(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ScenarioCheck> Skipped);
