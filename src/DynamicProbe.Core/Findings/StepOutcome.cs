using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Findings;

/// <summary>How one scripted step went. A failed step fails the scenario.</summary>
/// <param name="Detail">What happened, in words: the exit code, the output that was missing, the timeout.</param>
public sealed record StepOutcome(ScenarioStep Step, bool Succeeded, string Detail, int? ExitCode = null, string? Stdout = null, string? Stderr = null)
{
    /// <summary>When the step started, on the clock of the recording's event times (exactly comparable with them).</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When the step ended, on the same clock as <see cref="Started"/>.</summary>
    public DateTimeOffset? Ended { get; init; }

    /// <summary>For an <c>http</c> step: the request DynamicProbe made and what came back.</summary>
    public HttpExchange? Http { get; init; }

    public TimeSpan? Duration => Started is { } started && Ended is { } ended ? ended - started : null;
}
