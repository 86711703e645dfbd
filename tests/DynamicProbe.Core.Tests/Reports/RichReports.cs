using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Documents;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Timing;

namespace DynamicProbe.Core.Tests.Reports;

/// <summary>
/// Reports that use every part of the JSON report: every evidence event type, every step kind with its outcome,
/// silenced findings, variants, a build phase, monitor trouble, every verdict, hostile strings (newlines, quotes,
/// ANSI and bidi controls, placeholders) and bytes that were not valid UTF-8.
/// </summary>
internal static class RichReports
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A byte 0xFF as the report holds it, a lone surrogate (see LosslessText).</summary>
    public static readonly string InvalidByte = LosslessText.Decode([0xff]);

    public const string Hostile = "evil\"\n\u001b[31m\u202etxt.exe\\x41 {subject} <script>";

    public static IEnumerable<TestCaseData> All()
    {
        yield return new TestCaseData(Document(Severity.Medium, Everything())).SetName("{m}(everything)");
        yield return new TestCaseData(Document(Severity.High, Clean(), Inconclusive(), Errored())).SetName("{m}(verdicts)");
        yield return new TestCaseData(Document(Severity.Critical)).SetName("{m}(empty)");
        yield return new TestCaseData(Document(Severity.Medium, Clean()) with
        {
            Shard = new ShardDocument(2, 3, new SuiteDocument(4, "9f86d081884c7d65", ["clean", "a", "b", "c"])),
        }).SetName("{m}(shard)");
    }

    public static ReportDocument Document(Severity failOn, params ScenarioResult[] results) =>
        JsonReportWriter.ToDocument(new RunReport(results, failOn, T0, T0.AddSeconds(30)));

    public static StepRef Step(int index, string kind, int line) => new(index, kind, line);

    public static IReadOnlyList<ProbeEvent> EveryEvent()
    {
        var step = Step(1, "run", 14);
        return
        [
            new ProcessExecEvent(T0, 7, "/bin/sh", 1, "/usr/bin/curl", ["curl", "http://203.0.113.9/x", Hostile, InvalidByte], 0, ArgvTruncated: true) { Step = step },
            new ProcessForkEvent(T0.AddMilliseconds(1), 7, "/bin/sh", 8) { Step = step },
            new ProcessExitEvent(T0.AddMilliseconds(2), 8, "/bin/sh", 137) { Step = StepRef.AfterSteps },
            new FileEvent(T0.AddMilliseconds(3), 7, "/usr/bin/curl", FileOperation.Read, "/home/probe/.ssh/id_rsa" + InvalidByte, 3, Flags: 0x10000) { Repeats = 4, Step = step },
            new FileEvent(T0.AddMilliseconds(4), 7, "/usr/bin/curl", FileOperation.Rename, "/tmp/a", 0, SecondPath: "/tmp/" + Hostile, PathTruncated: true) { Step = step },
            new FileEvent(T0.AddMilliseconds(5), 7, "/usr/bin/curl", FileOperation.Chmod, "/tmp/b", -13, Flags: 0x9ed) { Step = step },
            new NetworkEvent(T0.AddMilliseconds(6), 7, "/usr/bin/curl", NetworkOperation.Connect, AddressFamily.Inet, "203.0.113.9", 443, 0) { Step = step },
            new NetworkEvent(T0.AddMilliseconds(7), 7, "/usr/bin/curl", NetworkOperation.SendTo, AddressFamily.Inet6, "2001:db8::1", 53, 0, Bytes: 40) { Step = step },
            new NetworkEvent(T0.AddMilliseconds(8), 7, "/usr/bin/curl", NetworkOperation.Listen, AddressFamily.Unix, "/run/" + Hostile, 0, -98) { Step = step },
            new DnsQueryEvent(T0.AddMilliseconds(9), 7, "/usr/bin/curl", "c2.example.com", "A", "10.99.0.7") { Step = step },
            new DnsQueryEvent(T0.AddMilliseconds(10), 0, "sinkhole", Hostile, "TXT", null) { Step = step },
            new SinkholeCaptureEvent(T0.AddMilliseconds(11), 7, "/usr/bin/curl", "tcp", "10.99.0.7", 443, "c2.example.com", "sni.example.org", Convert.ToBase64String([0x16, 0x03, 0x01, 0xff, 0x0a]), 5000) { Step = step },
            new FileContentEvent(T0.AddMilliseconds(12), 0, "left behind", "/tmp/loot" + InvalidByte, Convert.ToBase64String("AKIA\u0000\n"u8.ToArray()), 6) { Step = StepRef.AfterSteps },
            new PrivilegedCallEvent(T0.AddMilliseconds(13), 7, "/usr/bin/curl", PrivilegedCall.Ptrace, "pid 1 /sbin/init", 16, -1) { Step = step },
            new PrivilegedCallEvent(T0.AddMilliseconds(14), 7, "/usr/bin/curl", PrivilegedCall.Kill, string.Empty, 9, 0, TargetIsOwn: true) { Step = StepRef.BeforeSteps },
        ];
    }

    public static ScenarioResult Everything()
    {
        const string file = "scenarios/samples/everything.yaml";
        var location = new SourceLocation(file, 14, 5);
        var steps = new List<StepOutcome>
        {
            new(new StartStep(new SourceLocation(file, 12, 5)), true, "started") { Started = T0, Ended = T0.AddSeconds(1) },
            new(new RunStep(location, 0, null, "ok"), false, "exit code 3, expected 0: " + Hostile, 3, "out " + Hostile + InvalidByte, "err") { Started = T0.AddSeconds(1), Ended = T0.AddSeconds(2) },
            new(new HttpStep(new SourceLocation(file, 16, 5), "POST", new Uri("http://127.0.0.1:8080/x"), "{}", new Dictionary<string, string>(), 200, null, TimeSpan.FromSeconds(5)), true, "200")
            {
                Http = new HttpExchange("POST", "http://127.0.0.1:8080/x", 200, "body " + Hostile, 40, true),
            },
            new(new ExecStep(new SourceLocation(file, 18, 5), ["sh", "-c", "true"]), true, "exit 0", 0, string.Empty, null),
            new(new SleepStep(new SourceLocation(file, 19, 5), TimeSpan.FromSeconds(1)), true, "slept"),
            new(new WaitForStep(new SourceLocation(file, 20, 5), 8080, TimeSpan.FromSeconds(5)), true, "port open"),
            new(new StopStep(new SourceLocation(file, 21, 5), "SIGTERM", TimeSpan.FromSeconds(2)), true, "stopped"),
        };
        var evidence = EveryEvent();
        var findings = new List<Finding>
        {
            new("credential-read", Severity.High, Phase.Run, "read credentials: /home/probe/.ssh/id_rsa" + InvalidByte, evidence, evidence.Count + 3)
            {
                Steps = [Step(1, "run", 14), StepRef.AfterSteps],
                Variant = "default",
                EvidenceOmitted = 3,
                Technique = "T1552.004",
                Subject = "/home/probe/.ssh/id_rsa" + InvalidByte,
            },
            new("unexpected-dns", Severity.Medium, Phase.Run, "looked up " + Hostile, [evidence[10]], 1)
            {
                Steps = [Step(1, "run", 14)],
                Variant = "clock-2032",
                Technique = "T1071.004",
                Subject = Hostile,
            },
            new("unexpected-file-read", Severity.Low, Phase.Build, "read /etc/hostname", [], 1) { Subject = "/etc/hostname" },
            new("trigger-dependent", Severity.High, Phase.Run, "connected only under clock-2032", [evidence[6]], 1)
            {
                Variant = "clock-2032, hostname-prod",
                Technique = "T1480",
                Subject = "unexpected-connect 203.0.113.9:443",
            },
            new("baseline-vanished-behaviour", Severity.Info, Phase.Run, "behaviour of the baseline not seen in this run", [], 0)
            {
                Variant = "default",
                Subject = "FileRead /etc/passwd",
            },
            new("step-failed", Severity.High, Phase.Run, "step 'run' failed", [], 1) { Steps = [Step(1, "run", 14)], Subject = "step 1 run" },
            new("rule-of-another-version", Severity.Critical, Phase.Run, "a rule this version does not know", [], 1),
        };
        var silenced = new List<SilencedFinding>
        {
            new(new Finding("shell-spawned", Severity.High, Phase.Run, "started a shell: sh -c true", [evidence[0]], 1)
            {
                Variant = "default",
                Technique = "T1059.004",
                Subject = "sh",
            }, $"allow_rules: shell-spawned at {file}:9:18") { Line = 9 },
            new(new Finding("credential-read", Severity.High, Phase.Run, "read credentials: /root/.aws/credentials", [], 1)
            {
                Variant = "default",
                Technique = "T1552.001",
                Subject = "/root/.aws/credentials",
            }, "exact entry '/root/.aws/credentials' in expect.files.read"),
        };
        var phases = new List<PhaseSummary>
        {
            new(Phase.Build, 120, MonitorHealth.Healthy)
            {
                Timings = new PhaseTimings([new StageTiming("restore", TimeSpan.Zero, TimeSpan.FromMilliseconds(812.34))], TimeSpan.FromSeconds(2)),
            },
            new(Phase.Run, 4000, new MonitorHealth(LostEvents: 3, DroppedEvents: 2))
            {
                Variant = "default",
                Activity = ActivitySummary.Of(new PhaseRecording(Phase.Run, EveryEvent(), MonitorHealth.Healthy), "default"),
            },
            new(Phase.Run, 12, new MonitorHealth(Failure: "bpftrace exited: " + Hostile)) { Variant = "clock-2032" },
        };
        return new ScenarioResult("everything " + Hostile, file, Verdict.Findings, findings, steps, ["run phase: lost events " + Hostile], phases, TimeSpan.FromSeconds(12))
        {
            Variants = [new VariantSummary("clock-2032", "clock 2032-06-01T00:00:00Z", steps)],
            Silenced = silenced,
            DriftFrom = "everything.baseline (" + InvalidByte + ")",
        };
    }

    public static ScenarioResult Clean() =>
        new("clean", "scenarios/examples/clean.yaml", Verdict.Clean, [], [], [], [new PhaseSummary(Phase.Run, 10, MonitorHealth.Healthy) { Variant = "default" }], TimeSpan.FromSeconds(1));

    /// <summary>Outside the source root the tests render from, with a finding made before the timeout; interrupted too.</summary>
    public static ScenarioResult Inconclusive() =>
        new(
            "timed out",
            "/elsewhere/outside the root/timeout.yaml",
            Verdict.Inconclusive,
            [new Finding("unexpected-connect", Severity.High, Phase.Run, "connected to 203.0.113.9:443", [], 1) { Variant = "default", Subject = "203.0.113.9:443" }],
            [],
            ["the run timed out after 30s", "monitor lost 5 events"],
            [],
            TimeSpan.FromSeconds(30))
        {
            Interrupted = true,
        };

    public static ScenarioResult Errored() =>
        new("broken " + InvalidByte, "scenarios/broken" + InvalidByte + ".yaml", Verdict.Error, [], [], [], [], TimeSpan.Zero);
}
