using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using static DynamicProbe.Core.Tests.Baselines.BaselineRecordings;

namespace DynamicProbe.Core.Tests.Baselines;

public sealed class BaselineDriftTests
{
    private readonly BaselineDrift _drift = new(RuleBook.BuiltIn());

    [Test]
    public void AnUnchangedProgramGivesNoDrift()
    {
        var findings = _drift.Compare(Baseline(), Current(SecondRun()));

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public void ANewConnectionIsTheDriftWithItsEvidenceAndTheSeverityOfItsRule()
    {
        var lookup = new DnsQueryEvent(T0.AddSeconds(2), 3377, "/app/Tool", "updates.example.com", "A", "198.18.0.12");
        var connect = new NetworkEvent(T0.AddSeconds(2), 3377, "/app/Tool", NetworkOperation.Connect, AddressFamily.Inet, "198.18.0.12", 80, 0);

        var findings = _drift.Compare(Baseline(), Current(SecondRun(lookup, connect)));

        Assert.That(findings.Select(f => f.Rule), Is.All.EqualTo(BaselineDrift.NewRule));
        var connected = findings.Single(f => f.Evidence.Contains(connect));
        Assert.That(connected.Message, Is.EqualTo("new behaviour since the baseline: connected to updates.example.com:80 (198.18.0.12:80), under rule unexpected-connect"));
        Assert.That(connected.Severity, Is.EqualTo(RuleBook.BuiltIn().RuleFor(new ObservedAction(ActionKind.NetworkConnect, "198.18.0.12:80", connect)).Severity));
        Assert.That(connected.Phase, Is.EqualTo(Phase.Run));
        Assert.That(connected.Variant, Is.EqualTo(ScenarioExecutor.DefaultRun));
        Assert.That(findings.Single(f => f != connected).Evidence, Is.EqualTo(new[] { lookup }));
    }

    [Test]
    public void DriftTheScenarioExpectsIsStillReportedButLow()
    {
        var write = File(3377, FileOperation.Write, "/tmp/cache.json");
        var current = Current(SecondRun(write), expected: Expectations.Empty with { FilesWrite = ["/tmp/**"] });

        var finding = _drift.Compare(Baseline(), current).Single();

        Assert.That(finding.Severity, Is.EqualTo(Severity.Low));
        Assert.That(finding.Message, Does.StartWith("new behaviour since the baseline: wrote /tmp/cache.json"));
    }

    [Test]
    public void VanishedBehaviourIsAnInfoNoteOnlyWhenTheRunWasFullyObserved()
    {
        var baseline = Baseline(File(1201, FileOperation.Read, "/etc/tool/legacy.conf"));

        var observed = _drift.Compare(baseline, Current(SecondRun())).Single();
        var partial = _drift.Compare(baseline, new BehaviourProfile([Current(SecondRun()).Phases[0] with { FullyObserved = false }]));

        Assert.That(observed.Rule, Is.EqualTo(BaselineDrift.VanishedRule));
        Assert.That(observed.Severity, Is.EqualTo(Severity.Info));
        Assert.That(observed.Message, Is.EqualTo("behaviour of the baseline not seen in this run: read /etc/tool/legacy.conf"));
        Assert.That(partial, Is.Empty, "a run not fully observed cannot show that something did not happen");
    }

    [Test]
    public void OnlyDriftAndFailedStepsAreReportedTheRestIsAccepted()
    {
        var current = Result(Verdict.Findings, Current(SecondRun()),
            new Finding("credential-read", Severity.High, Phase.Run, "read ~/.aws/credentials", [], 1),
            new Finding(ScenarioExecutor.StepFailedRule, Severity.High, Phase.Run, "step 'run' failed", [], 1));

        var drift = _drift.Apply(current, Baseline(), "/s/s.baseline");

        Assert.That(drift.Findings.Select(f => f.Rule), Is.EqualTo(new[] { ScenarioExecutor.StepFailedRule }));
        Assert.That(drift.Verdict, Is.EqualTo(Verdict.Findings));
        Assert.That(drift.DriftFrom, Is.EqualTo("/s/s.baseline"));
    }

    [Test]
    public void NoDriftFromAFullyObservedRunIsClean()
    {
        var drift = _drift.Apply(Result(Verdict.Findings, Current(SecondRun()), new Finding("credential-read", Severity.High, Phase.Run, "x", [], 1)), Baseline(), "/s/s.baseline");

        Assert.That(drift.Verdict, Is.EqualTo(Verdict.Clean));
        Assert.That(drift.Findings, Is.Empty);
    }

    [Test]
    public void NoDriftFromARunNotFullyObservedIsInconclusiveNeverClean()
    {
        var partial = new BehaviourProfile([Current(SecondRun()).Phases[0] with { FullyObserved = false }]);

        var drift = _drift.Apply(Result(Verdict.Inconclusive, partial), Baseline(), "/s/s.baseline");

        Assert.That(drift.Verdict, Is.EqualTo(Verdict.Inconclusive));
    }

    [Test]
    public void ARunThatErroredStaysAnError()
    {
        var drift = _drift.Apply(Result(Verdict.Error, BehaviourProfile.Empty), Baseline(), "/s/s.baseline");

        Assert.That(drift.Verdict, Is.EqualTo(Verdict.Error));
    }

    /// <summary>The first run, as a baseline file holds it: keys only, no evidence.</summary>
    private static BehaviourProfile Baseline(params ProbeEvent[] extra)
    {
        var (recording, canary) = FirstRun(extra);
        var keys = PhaseProfile.Of(recording, null, Defaults, [canary]).Behaviours.Keys;
        return new([new PhaseProfile("run", keys.ToDictionary(k => k, _ => (IReadOnlyList<ObservedAction>)[]))]);
    }

    private static BehaviourProfile Current((PhaseRecording Recording, Core.Honeytokens.Honeytoken Canary) run, Expectations? expected = null) =>
        new([PhaseProfile.Of(run.Recording, ScenarioExecutor.DefaultRun, Defaults, [run.Canary]) with { Expected = expected ?? Expectations.Empty }]);

    private static ScenarioResult Result(Verdict verdict, BehaviourProfile profile, params Finding[] findings) =>
        new("tool", "/s/tool.yaml", verdict, findings, [], [], [new PhaseSummary(Phase.Run, 10, MonitorHealth.Healthy)], TimeSpan.FromSeconds(1)) { Profile = profile };
}
