using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Baselines;

/// <summary>
/// What the program itself did in one phase of a scenario (the build, or one run: the default or a variant), as a
/// set of <see cref="BehaviourKey"/>s: run-specific parts folded, what the image's default allowances and the
/// sandbox's machinery cover left out. Each behaviour keeps the actions that showed it (none when read from a
/// baseline file), the evidence of a drift finding.
/// </summary>
/// <param name="Section">How the baseline file names the phase: <c>build</c>, <c>run</c> or <c>run VARIANT</c>.</param>
public sealed record PhaseProfile(string Section, IReadOnlyDictionary<BehaviourKey, IReadOnlyList<ObservedAction>> Behaviours)
{
    public const string BuildSection = "build";
    public const string RunSection = "run";

    /// <summary>What the scenario's <c>expect</c> allows in this phase: drift it allows is reported at low severity.</summary>
    public Expectations Expected { get; init; } = Expectations.Empty;

    /// <summary>False when the phase timed out or its recording is incomplete: it shows behaviour, not its absence.</summary>
    public bool FullyObserved { get; init; } = true;

    public Phase Phase => Section == BuildSection ? Phase.Build : Phase.Run;

    /// <summary>The run's name as findings carry it (<c>default</c> or the variant's); null for the build.</summary>
    public string? Variant => Phase == Phase.Build ? null : Section == RunSection ? ScenarioExecutor.DefaultRun : Section[(RunSection.Length + 1)..];

    public static string SectionOf(Phase phase, string? run) =>
        phase == Phase.Build ? BuildSection : run is null or ScenarioExecutor.DefaultRun ? RunSection : $"{RunSection} {run}";

    /// <param name="noise">The image's default allowances and the sandbox's machinery: not the program's own behaviour.</param>
    public static PhaseProfile Of(
        PhaseRecording recording, string? run, Expectations noise, IReadOnlyList<Honeytoken> honeytokens)
    {
        var ignored = new AllowanceSet(noise);
        var behaviours = new Dictionary<BehaviourKey, List<ObservedAction>>();
        foreach (var action in BehaviourAnalyzer.Actions(recording).Where(a => !BehaviourAnalyzer.IsAllowed(ignored, a)))
        {
            var key = BehaviourKey.Of(action, honeytokens);
            if (!behaviours.TryGetValue(key, out var actions))
            {
                behaviours[key] = actions = [];
            }

            actions.Add(action);
        }

        return new PhaseProfile(SectionOf(recording.Phase, run), behaviours.ToDictionary(b => b.Key, b => (IReadOnlyList<ObservedAction>)b.Value));
    }
}
