namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>
/// Checks that the steps make sense in order: <c>wait_for</c>, <c>http</c> and <c>stop</c> need a target started in the
/// background and still running, and a running target cannot be started again (a <c>stop</c> could not tell the two
/// apart). <c>start</c> and <c>run</c> need a target, which every scenario has: <c>target</c> is required.
/// </summary>
internal static class StepSequenceValidator
{
    public static void Validate(IReadOnlyList<ScenarioStep> steps, ScenarioErrors errors)
    {
        ScenarioStep? startedBy = null;
        ScenarioStep? stoppedBy = null;
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            var path = FieldPaths.Field(FieldPaths.Item("steps", index), step.Kind);
            switch (step)
            {
                case StartStep when startedBy is not null:
                    errors.Add(
                        step.Location,
                        path,
                        $"the target is already running (started at line {startedBy.Location.Line}); expected a '- stop: {{}}' step before starting it again");
                    break;
                case StartStep:
                    (startedBy, stoppedBy) = (step, null);
                    break;
                case WaitForStep or StopStep or HttpStep when startedBy is null:
                    var why = stoppedBy is null
                        ? "the target has not been started"
                        : $"the target was stopped at line {stoppedBy.Location.Line}";
                    errors.Add(step.Location, path, $"{why}; expected a '- start: {{}}' step before it");
                    break;
                case StopStep:
                    (startedBy, stoppedBy) = (null, step);
                    break;
            }
        }
    }
}
