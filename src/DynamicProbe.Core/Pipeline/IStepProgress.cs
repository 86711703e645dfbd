using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>One run's steps as the sandbox runner carries them out (the scenario and the run are already known to it).</summary>
public interface IStepProgress
{
    /// <param name="index">The step's index in <c>steps</c>.</param>
    void StepStarted(int index, ScenarioStep step);

    void StepEnded(int index, StepOutcome outcome);
}
