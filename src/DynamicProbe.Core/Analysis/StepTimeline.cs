using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Names the step during which each event happened. A step's bounds (<see cref="StepOutcome.Started"/>,
/// <see cref="StepOutcome.Ended"/>) are read on the clock the monitor turns kernel times into event times with, so
/// comparing them is exact. A step's span runs from its start to the next step's start: what a step set off and
/// finished just after the runner moved on (a service writing its log after sending the response) still belongs to
/// it. Events before the first step are <see cref="StepRef.BeforeSteps"/>, after the last step's end
/// <see cref="StepRef.AfterSteps"/>. Steps without bounds (never started) span nothing.
/// </summary>
public sealed class StepTimeline
{
    private readonly List<(DateTimeOffset Start, StepRef Step)> _starts = [];
    private readonly DateTimeOffset? _end;

    /// <param name="steps">The outcomes in the order they ran, which is the scenario's order from its first step.</param>
    public StepTimeline(IReadOnlyList<StepOutcome> steps)
    {
        for (var index = 0; index < steps.Count; index++)
        {
            if (steps[index].Started is { } started)
            {
                _starts.Add((started, RefOf(index, steps[index].Step)));
                _end = steps[index].Ended ?? started;
            }
        }
    }

    public static StepRef RefOf(int index, ScenarioStep step) => new(index, step.Kind, step.Location.Line);

    /// <summary>The recording with every event's <see cref="ProbeEvent.Step"/> set.</summary>
    public PhaseRecording Stamp(PhaseRecording recording) =>
        recording with { Events = [.. recording.Events.Select(e => e with { Step = Locate(e.Time) })] };

    /// <summary>The recording with every event labelled <paramref name="label"/> (the build phase has no steps).</summary>
    public static PhaseRecording Label(PhaseRecording recording, StepRef label) =>
        recording with { Events = [.. recording.Events.Select(e => e with { Step = label })] };

    public StepRef Locate(DateTimeOffset time)
    {
        if (_starts.Count == 0 || time < _starts[0].Start)
        {
            return StepRef.BeforeSteps;
        }

        if (time > _end)
        {
            return StepRef.AfterSteps;
        }

        var low = 0;
        var high = _starts.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_starts[middle].Start <= time)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return _starts[low].Step;
    }

    /// <summary>The distinct steps of <paramref name="events"/> (in time order), in the order they first appear.</summary>
    public static IReadOnlyList<StepRef> StepsOf(IEnumerable<ProbeEvent> events) =>
        [.. events.Select(e => e.Step).OfType<StepRef>().Distinct()];
}
