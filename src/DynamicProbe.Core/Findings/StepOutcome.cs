using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Findings;

/// <summary>How one scripted step went. A failed step fails the scenario.</summary>
/// <param name="Detail">What happened, in words: the exit code, the output that was missing, the timeout.</param>
public sealed record StepOutcome(ScenarioStep Step, bool Succeeded, string Detail, int? ExitCode = null, string? Stdout = null, string? Stderr = null);
