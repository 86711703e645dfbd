using System.Diagnostics;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// Takes one scenario through the pipeline: build (sandboxed) → run, as written and once per variant, each in a fresh
/// sandbox → analysis of each phase against its own expectations plus the image's default allowances → comparison of
/// the runs → verdict. Knows the edges only through their interfaces; tells <paramref name="progress"/> as each phase
/// gets its sandbox.
/// </summary>
public sealed class ScenarioExecutor(
    ITargetBuilder builder,
    ISandboxRunner runner,
    IAllowanceSource allowances,
    BehaviourAnalyzer analyzer,
    SandboxSlots? slots = null,
    IRunProgress? progress = null)
{
    /// <summary>The name of the run of the scenario as written, beside its variants.</summary>
    public const string DefaultRun = "default";

    /// <summary>The rule of a step that failed: the scenario fails, whatever else is accepted.</summary>
    public const string StepFailedRule = "step-failed";

    private readonly SandboxSlots sandboxes = slots ?? new SandboxSlots(1);
    private readonly IRunProgress progress = progress ?? NoProgress.Instance;
    private readonly TriggerComparison comparison = new(analyzer.Rules);

    public async Task<ScenarioResult> ExecuteAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var findings = new List<Finding>();
        var silenced = new List<SilencedFinding>();
        var problems = new List<string>();
        var phases = new List<PhaseSummary>();
        var profiles = new List<PhaseProfile>();
        RunAnalysis[] runs = [];
        var failed = false;

        try
        {
            BuiltTarget? target = null;
            if (scenario.Target.IsProject)
            {
                var build = await sandboxes.RunAsync(
                    () =>
                    {
                        progress.PhaseStarted(scenario, Phase.Build, run: null);
                        return builder.BuildAsync(scenario, cancellationToken);
                    },
                    cancellationToken);
                var recording = StepTimeline.Label(build.Recording, StepRef.Build);
                var defaults = await allowances.ForImageAsync(build.ImageName, cancellationToken);
                phases.Add(new PhaseSummary(recording.Phase, recording.Events.Count, recording.Health) { Timings = build.Timings, Activity = ActivitySummary.Of(recording, null) });
                var analysed = analyzer.Analyze(recording, new PhasePolicy(scenario.Build.Expect, defaults, [.. scenario.AllowRules, .. scenario.Build.AllowRules]));
                findings.AddRange(analysed.Findings);
                silenced.AddRange(analysed.Silenced);
                profiles.Add(PhaseProfile.Of(recording, null, defaults, []) with { Expected = scenario.Build.Expect, FullyObserved = recording.Health.IsComplete });
                problems.AddRange(HealthProblems(recording, prefix: ""));
                if (build.Target is null)
                {
                    failed = true;
                    problems.Add($"the build of {scenario.Target.ProjectPath} failed:\n{build.LogTail}");
                }

                target = build.Target;
            }

            if (!failed)
            {
                runs = await Task.WhenAll(RunsOf(scenario).Select(run => RunAsync(run.Name, run.Trigger, run.Scenario, target, scenario.Variants.Count > 0, cancellationToken)));
                findings.AddRange(runs.SelectMany(r => r.Findings));
                silenced.AddRange(runs.SelectMany(r => r.Silenced));
                problems.AddRange(runs.SelectMany(r => r.Problems));
                phases.AddRange(runs.Select(r => r.Phase));
                var noise = runs.Aggregate(FakeClock.Machinery, (all, r) => all.Union(r.Noise));
                findings.AddRange(comparison.Compare([.. runs.Select(r => r.Compared)], noise, scenario.Expect.Union(TargetItself(target))));
                profiles.AddRange(runs.Select(r => PhaseProfile.Of(r.Compared.Recording, r.Compared.Name, noise, r.Compared.Honeytokens)
                    with { Expected = scenario.Expect.Union(TargetItself(target)), FullyObserved = !r.Untrusted }));
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
            VerdictOf(failed, runs.Any(r => r.Untrusted), findings, phases),
            [.. findings.OrderByDescending(f => f.Severity).Select(analyzer.Rules.WithTechnique)],
            runs.FirstOrDefault()?.Steps ?? [],
            problems,
            phases,
            clock.Elapsed)
        {
            Variants = [.. runs.Skip(1).Select(r => new VariantSummary(r.Compared.Name, r.Compared.Trigger, r.Steps))],
            Silenced = silenced,
            Profile = new BehaviourProfile(profiles),
        };
    }

    /// <summary>The scenario as written, then each variant: the same scenario with the variant's sandbox.</summary>
    private static IEnumerable<(string Name, string Trigger, Scenario Scenario)> RunsOf(Scenario scenario) =>
        scenario.Variants
            .Select(v => (v.Name, v.DescribeOverrides(scenario.Sandbox), scenario with { Sandbox = v.Sandbox }))
            .Prepend((DefaultRun, "", scenario));

    /// <summary>One run in its own sandbox, analysed on its own; every finding and problem names the run.</summary>
    private async Task<RunAnalysis> RunAsync(
        string name, string trigger, Scenario scenario, BuiltTarget? target, bool named, CancellationToken cancellationToken)
    {
        var run = await sandboxes.RunAsync(
            () =>
            {
                progress.PhaseStarted(scenario, Phase.Run, name);
                return runner.RunAsync(scenario, target, new RunSteps(progress, scenario, name), cancellationToken);
            },
            r => r.Removed,
            cancellationToken);
        var recording = new StepTimeline(run.Steps).Stamp(run.Recording);
        var defaults = await allowances.ForImageAsync(run.ImageName, cancellationToken);
        var machinery = scenario.Sandbox.Clock is null ? Expectations.Empty : FakeClock.Machinery;
        var prefix = named ? $"{name}: " : "";
        var problems = HealthProblems(recording, prefix).ToList();
        var analysed = analyzer.Analyze(recording, new PhasePolicy(scenario.Expect, TargetItself(target).Union(defaults).Union(machinery), scenario.AllowRules));
        var findings = new List<Finding>(analysed.Findings);
        findings.AddRange(HoneytokenAnalyzer.Analyze(recording, run.Honeytokens));
        findings.AddRange(ResourceAbuseAnalyzer.Analyze(run with { Recording = recording }, target, scenario.Expect));
        if (run.TimedOut)
        {
            problems.Add($"{prefix}the scenario timeout ({scenario.Sandbox.Timeout.TotalSeconds:0.#}s) struck before the steps, and the processes they left running, finished");
        }
        else
        {
            // A step cut short by the timeout did not fail on its own: the run is inconclusive, not a finding.
            findings.AddRange(run.Steps.Select(StepFailure).OfType<Finding>());
        }

        var clockProblems = scenario.Sandbox.Clock is null
            ? []
            : FakeClock.ProcessesOutsideIt(recording).Prepend(run.ClockProblem).OfType<string>().Select(p => $"{prefix}fake clock: {p}").ToList();
        problems.AddRange(clockProblems);
        var fullyObserved = !run.TimedOut && recording.Health.IsComplete && clockProblems.Count == 0;
        return new RunAnalysis(
            [.. findings.Select(f => f with { Variant = name })],
            [.. analysed.Silenced.Select(s => s with { Finding = s.Finding with { Variant = name } })],
            problems,
            new PhaseSummary(recording.Phase, recording.Events.Count, recording.Health) { Variant = name, Timings = run.Timings, Activity = ActivitySummary.Of(recording, name) },
            run.Steps,
            !fullyObserved,
            new ComparedRun(name, trigger, recording, run.Honeytokens, fullyObserved),
            defaults.Union(machinery));
    }

    private static IEnumerable<string> HealthProblems(PhaseRecording recording, string prefix) =>
        recording.Health.Problem is { } problem ? [$"{prefix}{recording.Phase.ToString().ToLowerInvariant()} phase: {problem}"] : [];

    /// <summary>The built program is what the scenario runs: starting it is expected by definition.</summary>
    private static Expectations TargetItself(BuiltTarget? target) =>
        target is null ? Expectations.Empty : Expectations.Empty with { Processes = [target.ExecutablePath] };

    /// <summary>The contract: a failing step fails the scenario, so it is a finding, not a note (null for a step that succeeded).</summary>
    private static Finding? StepFailure(StepOutcome outcome, int index) => outcome.Succeeded ? null : new(
        StepFailedRule,
        Severity.High,
        Phase.Run,
        $"step '{outcome.Step.Kind}' at {outcome.Step.Location} failed: {outcome.Detail}",
        [],
        1)
    {
        Steps = [StepTimeline.RefOf(index, outcome.Step)],
        Subject = $"step {index} {outcome.Step.Kind}",
    };

    /// <param name="untrusted">A run timed out or its fake clock did not take: it cannot be called clean.</param>
    private static Verdict VerdictOf(bool failed, bool untrusted, List<Finding> findings, List<PhaseSummary> phases)
    {
        if (failed)
        {
            return Verdict.Error;
        }

        if (findings.Any(f => f.Severity > Severity.Info))
        {
            return Verdict.Findings;
        }

        return untrusted || phases.Any(p => !p.Health.IsComplete) ? Verdict.Inconclusive : Verdict.Clean;
    }

    /// <summary>One run's steps, told to the run's progress under the run's name.</summary>
    private sealed class RunSteps(IRunProgress progress, Scenario scenario, string run) : IStepProgress
    {
        public void StepStarted(int index, ScenarioStep step) => progress.StepStarted(scenario, run, index, step);

        public void StepEnded(int index, StepOutcome outcome) => progress.StepEnded(scenario, run, index, outcome);
    }

    /// <param name="Untrusted">Not fully observed: timed out, an incomplete recording or a fake clock that did not take.</param>
    /// <param name="Noise">What this run's image and sandbox do by themselves, left out of the comparison.</param>
    private sealed record RunAnalysis(
        IReadOnlyList<Finding> Findings,
        IReadOnlyList<SilencedFinding> Silenced,
        IReadOnlyList<string> Problems,
        PhaseSummary Phase,
        IReadOnlyList<StepOutcome> Steps,
        bool Untrusted,
        ComparedRun Compared,
        Expectations Noise);
}
