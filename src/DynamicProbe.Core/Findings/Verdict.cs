namespace DynamicProbe.Core.Findings;

public enum Verdict
{
    /// <summary>Every phase was fully observed and nothing unexpected happened.</summary>
    Clean,

    /// <summary>Unexpected behaviour was observed.</summary>
    Findings,

    /// <summary>The observation is incomplete (lost events, dead monitor, timeout): never reported as clean.</summary>
    Inconclusive,

    /// <summary>The scenario could not be run (bad file, failed build, no Docker).</summary>
    Error,
}
