using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Resources;
using DynamicProbe.Core.Timing;

namespace DynamicProbe.Core.Pipeline;

/// <summary>What happened in the run phase: the recording, each step's outcome, and whether the timeout struck.</summary>
/// <param name="ImageName">The image the target ran in, whose default allowances apply to the run phase.</param>
public sealed record RunOutcome(
    PhaseRecording Recording,
    IReadOnlyList<StepOutcome> Steps,
    bool TimedOut,
    string ImageName)
{
    /// <summary>The canary credentials planted for this run; empty when honeytokens were off.</summary>
    public IReadOnlyList<Honeytoken> Honeytokens { get; init; } = [];

    /// <summary>
    /// For a run with <c>sandbox.clock</c>: why the check made inside the sandbox does not show the fake time, or null
    /// when it does (or no clock was asked for).
    /// </summary>
    public string? ClockProblem { get; init; }

    /// <summary>What the kernel counted for the sandbox: limits reached, CPU, floods, escaped processes.</summary>
    public ResourceUsage Resources { get; init; } = ResourceUsage.Unknown;

    /// <summary>Where the run's time went, stage by stage, from the runner's start to this outcome.</summary>
    public PhaseTimings Timings { get; init; } = PhaseTimings.None;

    /// <summary>
    /// Completes once the run's sandbox is removed, which may happen after this outcome is handed back: until then it
    /// still counts against <c>--parallel</c> (see <see cref="SandboxSlots"/>).
    /// </summary>
    public Task Removed { get; init; } = Task.CompletedTask;
}
