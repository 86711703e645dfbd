using System.Text;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Honeytokens;

/// <summary>The executor adds the honeytoken findings of the run phase to the behaviour findings.</summary>
public sealed class HoneytokenPipelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task TheRunsPlantedHoneytokensAreCheckedAgainstItsRecording()
    {
        var set = new HoneytokenGenerator().Generate();
        var key = set.Tokens.Single(t => t.FilePath == "/home/probe/.ssh/id_rsa");
        var run = new PhaseRecording(Phase.Run,
        [
            new FileEvent(T0, 5, "/app/App", FileOperation.Read, key.FilePath!, 3),
            new SinkholeCaptureEvent(T0.AddSeconds(1), 5, "/app/App", "tcp", "203.0.113.9", 80, "upload.example.net", null,
                Convert.ToBase64String(Encoding.ASCII.GetBytes("PUT /k HTTP/1.1\r\n\r\n" + Convert.ToBase64String(Encoding.ASCII.GetBytes(set.Files.Single(f => f.Path == key.FilePath).Content)))), 4000),
        ], MonitorHealth.Healthy);
        var outcome = new RunOutcome(run, [], false, "dynamicprobe/base") { Honeytokens = set.Tokens };
        var everythingAllowed = Expectations.Empty with { FilesRead = ["/**"], Connect = ["**"] };

        var result = await Executor(outcome, everythingAllowed).ExecuteAsync(Scenario(), CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Findings));
        Assert.That(result.Findings.Select(f => f.Rule), Is.EquivalentTo(new[] { HoneytokenAnalyzer.ExfiltrationRule, HoneytokenAnalyzer.ReadRule }));
        Assert.That(result.Findings.Single(f => f.Severity == Severity.Critical).Message,
            Does.StartWith("SSH private key from /home/probe/.ssh/id_rsa sent base64-encoded over TCP to upload.example.net:80 (203.0.113.9)"));
    }

    [Test]
    public async Task WithoutHoneytokensTheSameRecordingHasNoHoneytokenFinding()
    {
        var run = new PhaseRecording(Phase.Run, [new FileEvent(T0, 5, "/app/App", FileOperation.Read, "/home/probe/.aws/credentials", 3)], MonitorHealth.Healthy);

        var result = await Executor(new RunOutcome(run, [], false, "dynamicprobe/base"), Expectations.Empty with { FilesRead = ["/**"] })
            .ExecuteAsync(Scenario(), CancellationToken.None);

        Assert.That(result.Verdict, Is.EqualTo(Verdict.Clean));
    }

    private static ScenarioExecutor Executor(RunOutcome outcome, Expectations defaults) =>
        new(new NoBuild(), new FixedRunner(outcome), new FixedAllowances(defaults), new BehaviourAnalyzer(RuleBook.BuiltIn()));

    private static Scenario Scenario() => new(
        "honeytokens",
        null,
        "/s/h.yaml",
        new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/bin/true"], null),
        new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, true),
        [],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));

    private sealed class FixedRunner(RunOutcome outcome) : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken) => Task.FromResult(outcome);
    }

    private sealed class NoBuild : ITargetBuilder
    {
        public Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a command target is not built");
    }

    private sealed class FixedAllowances(Expectations defaults) : IAllowanceSource
    {
        public Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken) => Task.FromResult(defaults);
    }
}
