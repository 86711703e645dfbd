using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>Runs a scenario's steps in a locked-down, monitored sandbox and removes every trace of it afterwards.</summary>
public interface ISandboxRunner
{
    /// <param name="target">The built program for project targets; null for command targets.</param>
    /// <param name="progress">Told as each step starts and ends.</param>
    /// <exception cref="UserErrorException">The sandbox cannot be set up (missing image, Docker unreachable).</exception>
    Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken);
}
