using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>Progress nobody watches: the default of the executor, and what tests that drive a runner alone pass.</summary>
public sealed class NoProgress : IRunProgress, IStepProgress
{
    public static NoProgress Instance { get; } = new();

    private NoProgress()
    {
    }

    public void ScenarioQueued(Scenario scenario)
    {
    }

    public void ScenarioStarted(Scenario scenario)
    {
    }

    public void PhaseStarted(Scenario scenario, Phase phase, string? run)
    {
    }

    public void StepStarted(Scenario scenario, string run, int index, ScenarioStep step)
    {
    }

    public void StepEnded(Scenario scenario, string run, int index, StepOutcome outcome)
    {
    }

    public void ScenarioFinished(Scenario scenario, ScenarioResult result)
    {
    }

    public void StepStarted(int index, ScenarioStep step)
    {
    }

    public void StepEnded(int index, StepOutcome outcome)
    {
    }
}
