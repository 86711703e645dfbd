using DynamicProbe.Core.Findings;

namespace DynamicProbe.Core.Analysis;

/// <summary>What the behaviour rules made of one phase: its findings, and those the scenario silenced.</summary>
public sealed record PhaseFindings(IReadOnlyList<Finding> Findings, IReadOnlyList<SilencedFinding> Silenced);
