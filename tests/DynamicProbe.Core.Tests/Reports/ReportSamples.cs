using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Tests.Reports;

/// <summary>
/// A recorded report document with one scenario of each verdict, for the JUnit and HTML formats. The dropper's
/// evidence, process and DNS name hold what a hostile target would choose: markup, a script, a bidi override, an
/// escape sequence and a byte that was not UTF-8.
/// </summary>
internal static class ReportSamples
{
    public const string Markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    public const string Bidi = "invoice\u202Etxt.exe";
    public const string Escape = "\u001b[31mred";
    public static readonly string NotUtf8 = "name" + LosslessText.Decode([0xff]);

    public static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    public static readonly StepRef RunStep = new(0, "run", 11);
    public static readonly StepRef HttpStep = new(1, "http", 14);

    public static ReportDocument Document(Severity failOn = Severity.Low) => new(
        1, "1.0.0", T0, T0.AddSeconds(42.5), failOn, 2,
        [Dropper(failOn), Broken(), Unsure(), Benign()]);

    private static ScenarioDocument Dropper(Severity failOn)
    {
        var exec = new ProcessExecEvent(T0.AddMilliseconds(100), 11, "/app/Dropper", 10, "/bin/sh", ["/bin/sh", "-c", Markup + Bidi + Escape + NotUtf8], 0) { Step = RunStep };
        var read = new FileEvent(T0.AddMilliseconds(120), 12, "/bin/cat", FileOperation.Read, "/etc/hostname", 0) { Step = RunStep, Repeats = 3 };
        var dns = new DnsQueryEvent(T0.AddMilliseconds(300), 10, "/app/Dropper", Markup + ".example.com", "A", "198.18.0.9") { Step = HttpStep };
        var findings = new[]
        {
            Finding("shell-spawned", Severity.High, "started a shell: /bin/sh -c " + Markup + Bidi, [exec], "T1059.004", RunStep, failOn),
            Finding("unexpected-dns", Severity.Medium, "looked up " + Markup + ".example.com", [dns], "T1071.004", HttpStep, failOn) with { EvidenceOmitted = 2, Occurrences = 3 },
            Finding("unexpected-file-read", Severity.Info, "read /etc/hostname", [read], null, RunStep, failOn),
        };
        var processes = new ProcessNode(10, 0, "/app/Dropper", ["/app/Dropper"], RunStep, T0, 0,
        [
            new ProcessNode(11, 10, "/bin/sh", exec.Argv, RunStep, exec.Time, 0,
                [new ProcessNode(12, 11, "/bin/cat", ["cat", "/etc/hostname"], RunStep, read.Time, 1, [])]),
        ]);
        var network = new NetworkRow[]
        {
            new(dns.Time, HttpStep, 10, "/app/Dropper", "dns", "dns", null, dns.Name, null, null, "A 198.18.0.9"),
            new(T0.AddMilliseconds(310), HttpStep, 10, "/app/Dropper", "connect", "ipv4", "203.0.113.7:443", null, null, null, "ENETUNREACH"),
            new(T0.AddMilliseconds(320), HttpStep, 0, "", "capture", "tcp", "198.18.0.9:443", dns.Name, Bidi, 517, "caught, first bytes kept"),
        };
        return new ScenarioDocument(
            "dropper " + Bidi, "/work/repo/scenarios/examples/dropper.yaml", Verdict.Findings, 3210, [],
            [new PhaseDocument(Phase.Run, "default", 40, true, 0, 0, null, 3000, [])],
            [
                Step(RunStep, "the target exited with code 0", 0, 275),
                Step(HttpStep, "GET http://127.0.0.1:8080/ answered 200", 280, 40),
            ],
            findings,
            [])
        {
            Silenced = [new SilencedDocument("unexpected-process", null, Severity.Medium, Phase.Run, "default", "started cat", "expect.processes[0] '/bin/cat'", 1, [])],
            Activity = [new PhaseActivity(Phase.Run, "default", [processes], 4, network, 1)],
        };
    }

    private static ScenarioDocument Broken() => new(
        "broken", "scenarios/broken.yaml", Verdict.Error, 1000,
        ["the build of src/Broken.csproj failed:\nerror CS1002: ; expected\n" + Escape], [], [], [], []);

    private static ScenarioDocument Unsure() => new(
        "unsure", "scenarios/unsure.yaml", Verdict.Inconclusive, 2000, ["run phase: the monitor lost 3 events"], [], [], [], []);

    private static ScenarioDocument Benign() => new(
        "benign", "benign.yaml", Verdict.Clean, 1500, [], [], [Step(RunStep, "the target exited with code 0", 0, 100)], [], []);

    private static FindingDocument Finding(
        string rule, Severity severity, string message, ProbeEvent[] evidence, string? technique, StepRef step, Severity failOn) =>
        new(rule, severity, Phase.Run, "default", message, severity >= failOn && severity > Severity.Info, evidence.Length, step, [step], evidence, 0)
        {
            Technique = technique,
        };

    private static StepDocument Step(StepRef step, string detail, int startMs, long durationMs) => new(
        step.Index!.Value, step.Kind, step.Line!.Value, true, detail, T0.AddMilliseconds(startMs), T0.AddMilliseconds(startMs + durationMs),
        durationMs, step.Kind == "run" ? 0 : null, null, null, null);
}
