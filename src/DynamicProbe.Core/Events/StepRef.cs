namespace DynamicProbe.Core.Events;

/// <summary>
/// Which part of a run an event or finding belongs to: a scenario step (<paramref name="Index"/> as in
/// <c>steps[2]</c>, its kind and the line it is written on), or one of the labels for what lies outside every step
/// (<see cref="BeforeSteps"/>, <see cref="AfterSteps"/>, <see cref="Build"/>), which have no index or line.
/// </summary>
public sealed record StepRef(int? Index, string Kind, int? Line)
{
    /// <summary>The sandbox was being set up; no step had started yet.</summary>
    public static readonly StepRef BeforeSteps = new(null, "before-steps", null);

    /// <summary>The last step had ended: processes still running then, and the sandbox being taken down.</summary>
    public static readonly StepRef AfterSteps = new(null, "after-steps", null);

    /// <summary>The build phase, which has no steps.</summary>
    public static readonly StepRef Build = new(null, "build", null);

    /// <summary>For messages: <c>steps[2] http line 14</c>, or the label.</summary>
    public override string ToString() => Index is { } index ? $"steps[{index}] {Kind} line {Line}" : Kind;
}
