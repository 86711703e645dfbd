using System.Diagnostics;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// Takes one scenario through the pipeline: build (sandboxed) → run → analysis of each phase against its own
/// expectations plus the image's default allowances → verdict. Knows the edges only through their interfaces.
/// </summary>
public sealed class ScenarioExecutor(
    ITargetBuilder builder,
    ISandboxRunner runner,
    IAllowanceSource allowances,
    BehaviourAnalyzer analyzer)
{
    public async Task<ScenarioResult> ExecuteAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var problems = new List<string>();
        var phases = new List<PhaseSummary>();
        IReadOnlyList<StepOutcome> steps = [];
        var failed = false;
        var timedOut = false;

        try
        {
            BuiltTarget? target = null;
            if (scenario.Target.IsProject)
            {
                var build = await builder.BuildAsync(scenario, cancellationToken);
                await AnalyzeAsync(build.Recording, build.ImageName, scenario.Build.Expect);
                if (build.Target is null)
                {
                    failed = true;
                    problems.Add($"the build of {scenario.Target.ProjectPath} failed:\n{build.LogTail}");
                }

                target = build.Target;
            }

            if (!failed)
            {
                var run = await runner.RunAsync(scenario, target, cancellationToken);
                await AnalyzeAsync(run.Recording, run.ImageName, scenario.Expect.Union(TargetItself(target)));
                findings.AddRange(HoneytokenAnalyzer.Analyze(run.Recording, run.Honeytokens));
                findings.AddRange(ResourceAbuseAnalyzer.Analyze(run, target, scenario.Expect));
                steps = run.Steps;
                timedOut = run.TimedOut;
                if (timedOut)
                {
                    problems.Add($"the scenario timeout ({scenario.Sandbox.Timeout.TotalSeconds:0.#}s) struck before the steps, and the processes they left running, finished");
                }

                // A step cut short by the timeout did not fail on its own: the run is inconclusive, not a finding.
                if (!timedOut)
                {
                    findings.AddRange(steps.Where(s => !s.Succeeded).Select(StepFailure));
                }
            }
        }
        catch (UserErrorException error)
        {
            failed = true;
            problems.Add(error.Message);
        }

        return new ScenarioResult(
            scenario.Name,
            scenario.FilePath,
            VerdictOf(failed, timedOut, findings, phases),
            [.. findings.OrderByDescending(f => f.Severity)],
            steps,
            problems,
            phases,
            clock.Elapsed);

        async Task AnalyzeAsync(PhaseRecording recording, string image, Expectations expected)
        {
            var defaults = await allowances.ForImageAsync(image, cancellationToken);
            phases.Add(new PhaseSummary(recording.Phase, recording.Events.Count, recording.Health));
            findings.AddRange(analyzer.Analyze(recording, expected.Union(defaults)));
            if (recording.Health.Problem is { } problem)
            {
                problems.Add($"{recording.Phase.ToString().ToLowerInvariant()} phase: {problem}");
            }
        }
    }

    /// <summary>The built program is what the scenario runs: starting it is expected by definition.</summary>
    private static Expectations TargetItself(BuiltTarget? target) =>
        target is null ? Expectations.Empty : Expectations.Empty with { Processes = [target.ExecutablePath] };

    /// <summary>The contract: a failing step fails the scenario, so it is a finding, not a note.</summary>
    private static Finding StepFailure(StepOutcome outcome) => new(
        "step-failed",
        Severity.High,
        Phase.Run,
        $"step '{outcome.Step.Kind}' at {outcome.Step.Location} failed: {outcome.Detail}",
        [],
        1);

    private static Verdict VerdictOf(bool failed, bool timedOut, List<Finding> findings, List<PhaseSummary> phases)
    {
        if (failed)
        {
            return Verdict.Error;
        }

        if (findings.Any(f => f.Severity > Severity.Info))
        {
            return Verdict.Findings;
        }

        return timedOut || phases.Any(p => !p.Health.IsComplete) ? Verdict.Inconclusive : Verdict.Clean;
    }
}
