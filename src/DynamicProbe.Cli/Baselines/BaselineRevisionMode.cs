using DynamicProbe.Cli.Commands;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Build;

namespace DynamicProbe.Cli.Baselines;

/// <summary>
/// <c>run --baseline-from REV</c>: each scenario's target as of another git revision is built and run first (its
/// tree written out to a scratch folder, removed once that run is done), its profile is the baseline, and the
/// current tree's run reports the drift from it. The scenario file, and a <c>target.workdir</c> outside the
/// repository, are today's; the project (and a workdir inside the repository) are REV's. Only for
/// <c>target.project</c> scenarios: a <c>target.command</c> has no revision to build.
/// </summary>
public sealed class BaselineRevisionMode(string revision) : ScenarioMode
{
    private readonly Dictionary<string, GitRevision> revisions = new(StringComparer.Ordinal);
    private readonly BaselineDrift drift = new(RuleBook.BuiltIn());

    public override async Task CheckAsync(IReadOnlyList<Scenario> scenarios, CancellationToken cancellationToken)
    {
        foreach (var scenario in scenarios)
        {
            var project = scenario.Target.ProjectPath ?? throw new UserErrorException(
                $"{scenario.FilePath}: --baseline-from builds the target at another git revision, but this scenario runs target.command, "
                + "which has nothing to build; record a baseline file instead ('dynamicprobe baseline record', then 'run --baseline'), or leave the scenario out.");
            revisions[scenario.FilePath] = await GitRevision.ResolveAsync(Path.GetDirectoryName(project)!, revision, cancellationToken);
        }
    }

    public override async Task<ScenarioResult> ExecuteAsync(ScenarioExecutor executor, Scenario scenario, CancellationToken cancellationToken)
    {
        var git = revisions[scenario.FilePath];
        ScenarioResult before;
        await using (var checkout = await git.CheckOutAsync(cancellationToken))
        {
            var tree = GitRevision.TreeOf(checkout);
            var project = git.Rebase(scenario.Target.ProjectPath!, tree)!;
            if (!File.Exists(project))
            {
                throw new UserErrorException($"{scenario.FilePath}: the target's project {scenario.Target.ProjectPath} does not exist at {revision} ({git.Commit}).");
            }

            var workdir = scenario.Target.WorkdirPath is { } current ? git.Rebase(current, tree) ?? current : null;
            before = await executor.ExecuteAsync(scenario with { Target = scenario.Target with { ProjectPath = project, WorkdirPath = workdir } }, cancellationToken);
        }

        if (before.Verdict is Verdict.Error or Verdict.Inconclusive || !before.Profile.FullyObserved)
        {
            // No trustworthy baseline: the scenario gets the base run's verdict and problems, never a clean.
            return before with
            {
                Verdict = before.Verdict == Verdict.Error ? Verdict.Error : Verdict.Inconclusive,
                Findings = [],
                Problems = [.. before.Problems.Select(p => $"at {revision} ({git.Commit[..12]}): {p}")],
            };
        }

        return drift.Apply(await executor.ExecuteAsync(scenario, cancellationToken), before.Profile, $"git revision {revision} ({git.Commit[..12]})");
    }
}
