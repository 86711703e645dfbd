using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Timing;

namespace DynamicProbe.Core.Findings;

/// <summary>
/// What one scenario came to. <paramref name="Problems"/> are the reasons a verdict is inconclusive or an error
/// (failed steps, monitor trouble, a timeout, a build failure), each in words a user can act on.
/// </summary>
public sealed record ScenarioResult(
    string Name,
    string File,
    Verdict Verdict,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<StepOutcome> Steps,
    IReadOnlyList<string> Problems,
    IReadOnlyList<PhaseSummary> Phases,
    TimeSpan Duration)
{
    /// <summary>The scenario's variants, each run in a fresh sandbox beside the default run (whose steps are <see cref="Steps"/>).</summary>
    public IReadOnlyList<VariantSummary> Variants { get; init; } = [];

    /// <summary>Findings the scenario silenced (an exact <c>expect</c> entry or <c>allow_rules</c>); they never fail a run.</summary>
    public IReadOnlyList<SilencedFinding> Silenced { get; init; } = [];

    /// <summary>
    /// What its findings are drift from (<c>run --baseline</c>: the baseline file; <c>--baseline-from</c>: the git
    /// revision and its commit); null when its findings are the rules' own.
    /// </summary>
    public string? DriftFrom { get; init; }

    /// <summary>What the program did in each phase, folded for comparison: what a baseline records and drift is measured by.</summary>
    public BehaviourProfile Profile { get; init; } = BehaviourProfile.Empty;

    /// <summary>
    /// The run was interrupted (SIGINT, SIGTERM) before this scenario finished: its verdict is inconclusive and a
    /// problem says so; nothing it did so far is reported.
    /// </summary>
    public bool Interrupted { get; init; }
}

/// <summary>How one variant's run went: what it changed and its steps. Its findings carry its name.</summary>
/// <param name="Trigger">The sandbox fields it overrode, in words (<c>clock 2032-06-01T00:00:00Z</c>).</param>
public sealed record VariantSummary(string Name, string Trigger, IReadOnlyList<StepOutcome> Steps);

/// <summary>How much was observed in a phase, and whether the recording is complete.</summary>
public sealed record PhaseSummary(Phase Phase, int EventCount, MonitorHealth Health)
{
    /// <summary>For a run phase, the run it belongs to (<c>default</c> or a variant's name); null for the build.</summary>
    public string? Variant { get; init; }

    /// <summary>Where the phase's time went, measured by the sandbox that ran it.</summary>
    public PhaseTimings Timings { get; init; } = PhaseTimings.None;

    /// <summary>Its process tree and network table, for a reader; null when not summarised.</summary>
    public PhaseActivity? Activity { get; init; }
}
