using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis.Activity;

/// <summary>
/// What happened in one phase, for a reader: the process tree and the network table, each bounded (a fork bomb makes
/// thousands of processes); <paramref name="ProcessesOmitted"/> and <paramref name="NetworkOmitted"/> say how many the
/// bound left out, the latest ones.
/// </summary>
/// <param name="Variant">For a run phase, the run it belongs to (<c>default</c> or a variant's name); null for the build.</param>
/// <param name="Processes">The roots of the tree: processes whose parent is not in the recording (a step's program).</param>
public sealed record PhaseActivity(
    Phase Phase,
    string? Variant,
    IReadOnlyList<ProcessNode> Processes,
    int ProcessesOmitted,
    IReadOnlyList<NetworkRow> Network,
    int NetworkOmitted);
