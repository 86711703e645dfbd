using DynamicProbe.Cli.Commands;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Cli.Baselines;

/// <summary><c>run --baseline</c>: each scenario against the baseline file beside it, reporting only drift.</summary>
public sealed class BaselineFileMode : ScenarioMode
{
    private readonly Dictionary<string, BehaviourProfile> baselines = new(StringComparer.Ordinal);
    private readonly BaselineDrift drift = new(RuleBook.BuiltIn());

    /// <summary>Every baseline is read first: a missing or outdated one stops the run before anything starts.</summary>
    public override Task CheckAsync(IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken)
    {
        foreach (var scenario in scenarios)
        {
            baselines[scenario.FilePath] = BaselineFile.Load(scenario);
        }

        return Task.CompletedTask;
    }

    public override async Task<ScenarioResult> ExecuteAsync(ScenarioExecutor executor, Scenario scenario, CancellationToken cancellationToken) =>
        drift.Apply(await executor.ExecuteAsync(scenario, cancellationToken), baselines[scenario.FilePath], BaselineFile.PathFor(scenario));
}
