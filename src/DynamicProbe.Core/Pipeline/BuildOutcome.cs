using DynamicProbe.Core.Events;
using DynamicProbe.Core.Timing;

namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// What the sandboxed build produced and did. A failed build has no <paramref name="Target"/>; its
/// <paramref name="Recording"/> is still analysed, since a hostile build may fail on purpose after acting.
/// </summary>
/// <param name="ImageName">The image the build ran in, whose default allowances apply to the build phase.</param>
/// <param name="LogTail">The last lines of the build's output, for the error message when it failed.</param>
/// <param name="Reused">True when unchanged sources reused an earlier build and nothing ran.</param>
public sealed record BuildOutcome(
    BuiltTarget? Target,
    PhaseRecording Recording,
    string ImageName,
    string LogTail,
    bool Reused)
{
    /// <summary>Where this build's time went, stage by stage (for a reused build: the cache lookup that found it).</summary>
    public PhaseTimings Timings { get; init; } = PhaseTimings.None;
}
