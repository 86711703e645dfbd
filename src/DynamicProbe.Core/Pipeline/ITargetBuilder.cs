using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>Builds a scenario's project inside a monitored sandbox; never runs the target's build on the host.</summary>
public interface ITargetBuilder
{
    /// <exception cref="UserErrorException">The project cannot be evaluated or the build cannot be started.</exception>
    Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken);
}
