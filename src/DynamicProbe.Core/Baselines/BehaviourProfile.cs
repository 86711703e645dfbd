namespace DynamicProbe.Core.Baselines;

/// <summary>
/// What one scenario's program did, phase by phase (<see cref="PhaseProfile"/>): what a baseline file holds, and
/// what a run is compared against it by.
/// </summary>
public sealed record BehaviourProfile(IReadOnlyList<PhaseProfile> Phases)
{
    public static BehaviourProfile Empty { get; } = new([]);

    /// <summary>Every phase was fully observed: the profile can say what the program did not do.</summary>
    public bool FullyObserved => Phases.All(p => p.FullyObserved);

    public PhaseProfile? Section(string section) => Phases.FirstOrDefault(p => p.Section == section);
}
