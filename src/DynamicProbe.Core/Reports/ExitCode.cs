namespace DynamicProbe.Core.Reports;

/// <summary>The exit codes of <c>dynamicprobe run</c>, as scenario-format.md fixes them.</summary>
public enum ExitCode
{
    /// <summary>Every scenario met its expectations.</summary>
    Clean = 0,

    /// <summary>A finding at or above the failing severity was made.</summary>
    Findings = 1,

    /// <summary>A scenario could not be run (bad file, build failure, Docker unreachable, bad flag).</summary>
    UserError = 2,

    /// <summary>An observation was incomplete (lost events, dead monitor, timeout).</summary>
    Inconclusive = 3,
}
