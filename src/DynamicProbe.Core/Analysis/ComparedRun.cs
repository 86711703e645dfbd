using DynamicProbe.Core.Events;
using DynamicProbe.Core.Honeytokens;

namespace DynamicProbe.Core.Analysis;

/// <summary>One run of a scenario that <see cref="TriggerComparison"/> compares with the others.</summary>
/// <param name="Name"><c>default</c> for the scenario as written, else the variant's name.</param>
/// <param name="Trigger">What this run changed, in words (<c>clock 2032-06-01T00:00:00Z</c>); empty for the default.</param>
/// <param name="Honeytokens">The canaries planted for this run, whose fresh values are folded before comparing.</param>
/// <param name="FullyObserved">
/// False when the run timed out or its recording is incomplete: what it did is evidence, but that it did not do
/// something is not.
/// </param>
public sealed record ComparedRun(
    string Name,
    string Trigger,
    PhaseRecording Recording,
    IReadOnlyList<Honeytoken> Honeytokens,
    bool FullyObserved)
{
    /// <summary>How messages name the run: <c>variant next-year (clock 2032-06-01T00:00:00Z)</c>.</summary>
    public string Described => Trigger.Length == 0 ? Name : $"variant {Name} ({Trigger})";
}
