using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// What a run tells as it goes, for a live console or the lines of a CI log: nothing in it decides anything. Called
/// from every scenario's and every variant's task at once, so an implementation is thread-safe; it never throws.
/// Scenarios are told apart by name (unique in a run).
/// </summary>
public interface IRunProgress
{
    /// <summary>The run will take the scenario through the pipeline, once it has a turn.</summary>
    void ScenarioQueued(Scenario scenario);

    void ScenarioStarted(Scenario scenario);

    /// <summary>A phase got its sandbox and begins.</summary>
    /// <param name="run">For a run phase, the run's name (<see cref="ScenarioExecutor.DefaultRun"/> or a variant's); null for the build.</param>
    void PhaseStarted(Scenario scenario, Phase phase, string? run);

    /// <param name="index">The step's index in <c>steps</c>.</param>
    void StepStarted(Scenario scenario, string run, int index, ScenarioStep step);

    void StepEnded(Scenario scenario, string run, int index, StepOutcome outcome);

    /// <summary>The scenario's final result, after any baseline comparison.</summary>
    void ScenarioFinished(Scenario scenario, ScenarioResult result);
}
