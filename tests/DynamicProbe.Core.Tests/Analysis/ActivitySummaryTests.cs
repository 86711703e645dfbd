using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Analysis.Activity;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Core.Tests.Analysis;

/// <summary>The process tree and network table folded from recorded event streams, stamped with their steps.</summary>
public sealed class ActivitySummaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
    private static readonly StepRef Start = new(0, "start", 8);
    private static readonly StepRef Exec = new(1, "exec", 12);

    [Test]
    public void ProcessesNestUnderTheirParentsWithTheirLastExecTheirStepAndExitCode()
    {
        var activity = Summarise(
            new ProcessExecEvent(T0, 10, "dotnet", 1, "/app/Target", ["/app/Target", "--serve"], 0) { Step = Start },
            new ProcessForkEvent(T0.AddMilliseconds(1), 10, "/app/Target", 11) { Step = Exec },
            new ProcessExecEvent(T0.AddMilliseconds(2), 11, "/app/Target", 10, "/usr/bin/sh", ["/usr/bin/sh"], -2) { Step = Exec },
            new ProcessExecEvent(T0.AddMilliseconds(3), 11, "/app/Target", 10, "/bin/sh", ["/bin/sh", "-c", "id"], 0) { Step = Exec },
            new ProcessForkEvent(T0.AddMilliseconds(4), 11, "/bin/sh", 12) { Step = Exec },
            new ProcessExitEvent(T0.AddMilliseconds(5), 12, "/bin/sh", 0) { Step = Exec },
            new ProcessExitEvent(T0.AddMilliseconds(6), 11, "/bin/sh", 137) { Step = Exec });

        var root = activity.Processes.Single();
        Assert.Multiple(() =>
        {
            Assert.That((root.Pid, root.ParentPid, root.Executable), Is.EqualTo((10, (int?)1, "/app/Target")));
            Assert.That(root.Argv, Is.EqualTo(new[] { "/app/Target", "--serve" }));
            Assert.That(root.Step, Is.EqualTo(Start));
            Assert.That(root.ExitCode, Is.Null, "its exit was not seen");
        });
        var shell = root.Children.Single();
        Assert.Multiple(() =>
        {
            Assert.That((shell.Pid, shell.ParentPid, shell.Executable, shell.ExitCode), Is.EqualTo((11, (int?)10, "/bin/sh", (int?)137)));
            Assert.That(shell.Argv, Is.EqualTo(new[] { "/bin/sh", "-c", "id" }), "the failed attempt is not its image");
            Assert.That(shell.Step, Is.EqualTo(Exec));
            Assert.That(shell.Started, Is.EqualTo(T0.AddMilliseconds(1)), "a process starts at its fork");
        });
        var grandchild = shell.Children.Single();
        Assert.That((grandchild.Pid, grandchild.Executable, grandchild.Argv.Count, grandchild.ExitCode), Is.EqualTo((12, "/bin/sh", 0, (int?)0)),
            "a forked child that never execs runs its parent's executable");
    }

    [Test]
    public void AProcessSeenOnlyActingIsARootUnderTheNameTheMonitorKnewItBy()
    {
        var activity = Summarise(new FileEvent(T0, 40, "Target", FileOperation.Read, "/etc/passwd", 0, 0, null) { Step = Start });

        var only = activity.Processes.Single();
        Assert.That((only.Pid, only.ParentPid, only.Executable), Is.EqualTo((40, (int?)null, "Target")));
    }

    [Test]
    public void AReusedPidAfterItsExitIsANewProcess()
    {
        var activity = Summarise(
            new ProcessExecEvent(T0, 10, "x", 1, "/app/Target", ["/app/Target"], 0),
            new ProcessForkEvent(T0.AddMilliseconds(1), 10, "/app/Target", 11),
            new ProcessExitEvent(T0.AddMilliseconds(2), 11, "/app/Target", 0),
            new ProcessForkEvent(T0.AddMilliseconds(3), 10, "/app/Target", 11),
            new ProcessExecEvent(T0.AddMilliseconds(4), 11, "/app/Target", 10, "/bin/true", ["/bin/true"], 0));

        var children = activity.Processes.Single().Children;
        Assert.That(children.Select(c => (c.Pid, c.Executable, c.ExitCode)),
            Is.EqualTo(new[] { (11, "/app/Target", (int?)0), (11, "/bin/true", (int?)null) }));
    }

    [Test]
    public void NetworkRowsCoverSocketCallsDnsQuestionsAndCapturesWithTheirResults()
    {
        var activity = Summarise(
            new NetworkEvent(T0, 10, "/app/Target", NetworkOperation.Connect, AddressFamily.Inet, "203.0.113.7", 4444, -101) { Step = Exec },
            new NetworkEvent(T0.AddMilliseconds(1), 10, "/app/Target", NetworkOperation.SendTo, AddressFamily.Inet6, "2001:db8::1", 53, 0, 29) { Step = Exec },
            new NetworkEvent(T0.AddMilliseconds(2), 10, "/app/Target", NetworkOperation.Listen, AddressFamily.Inet, "0.0.0.0", 4444, 0) { Step = Exec },
            new DnsQueryEvent(T0.AddMilliseconds(3), 0, "", "cdn.example.com", "A", "198.18.0.3") { Step = Exec },
            new DnsQueryEvent(T0.AddMilliseconds(4), 0, "", "x.example.org", "TXT", null) { Step = Exec },
            new SinkholeCaptureEvent(T0.AddMilliseconds(5), 10, "/app/Target", "tcp", "198.18.0.3", 443, "cdn.example.com", "cdn.example.com",
                Convert.ToBase64String([22, 3, 1]), 517) { Step = Exec });

        Assert.That(activity.Network.Select(r => (r.Kind, r.Protocol, r.Endpoint, r.DnsName, r.Bytes, r.Result)), Is.EqualTo(new[]
        {
            ("connect", "ipv4", (string?)"203.0.113.7:4444", (string?)null, (long?)null, "ENETUNREACH"),
            ("send", "ipv6", "[2001:db8::1]:53", null, 29, "ok"),
            ("listen", "ipv4", "0.0.0.0:4444", null, null, "ok"),
            ("dns", "dns", null, "cdn.example.com", null, "A 198.18.0.3"),
            ("dns", "dns", null, "x.example.org", null, "TXT no answer"),
            ("capture", "tcp", "198.18.0.3:443", "cdn.example.com", 517, "caught, first bytes kept"),
        }));
        Assert.That(activity.Network.Last().ServerName, Is.EqualTo("cdn.example.com"));
        Assert.That(activity.Network.All(r => r.Step == Exec), Is.True);
        Assert.That(activity.Processes.Select(p => p.Pid), Is.EqualTo(new[] { 10 }), "pid 0 (unknown) is no process");
    }

    [Test]
    public void AForkBombIsBoundedAndTheProcessesLeftOutAreCounted()
    {
        var forks = Enumerable.Range(0, 1000).Select(i => (ProbeEvent)new ProcessForkEvent(T0.AddMicroseconds(i), 10, "/app/Bomb", 100 + i));
        var connects = Enumerable.Range(0, 400).Select(i => (ProbeEvent)new NetworkEvent(T0.AddMilliseconds(2 + i), 10, "/app/Bomb", NetworkOperation.Connect, AddressFamily.Inet, "192.0.2.1", i, 0));

        var activity = Summarise([.. forks, .. connects]);

        var kept = activity.Processes.Single().Children.Count + 1;
        Assert.That((kept, activity.ProcessesOmitted), Is.EqualTo((ActivitySummary.MaxProcesses, 1001 - ActivitySummary.MaxProcesses)));
        Assert.That((activity.Network.Count, activity.NetworkOmitted), Is.EqualTo((ActivitySummary.MaxNetworkRows, 400 - ActivitySummary.MaxNetworkRows)));
        Assert.That(activity.Network[^1].Endpoint, Is.EqualTo($"192.0.2.1:{ActivitySummary.MaxNetworkRows - 1}"), "the first ones are kept");
    }

    [Test]
    public void AChainOfForksIsCutAtTheDepthBoundAndCounted()
    {
        var chain = Enumerable.Range(0, 40).Select(i => (ProbeEvent)new ProcessForkEvent(T0.AddMilliseconds(i), 10 + i, "/app/Chain", 11 + i));

        var activity = Summarise([.. chain]);

        var depth = 0;
        for (var node = activity.Processes.Single(); node.Children.Count > 0; node = node.Children.Single())
        {
            depth++;
        }

        Assert.That((depth + 1, activity.ProcessesOmitted), Is.EqualTo((ActivitySummary.MaxDepth, 41 - ActivitySummary.MaxDepth)));
    }

    [Test]
    public async Task TheJsonReportCarriesEachPhasesActivityAndReadsItBack()
    {
        var run = Summarise(
            new ProcessExecEvent(T0, 10, "x", 1, "/app/Target", ["/app/Target"], 0) { Step = Start },
            new ProcessForkEvent(T0.AddMilliseconds(1), 10, "/app/Target", 11) { Step = Exec },
            new DnsQueryEvent(T0.AddMilliseconds(2), 10, "/app/Target", "cdn.example.com", "A", null) { Step = Exec });
        var result = new ScenarioResult("s", "s.yaml", Verdict.Clean, [], [], [],
            [new PhaseSummary(Phase.Run, 3, MonitorHealth.Healthy) { Variant = "default", Activity = run }, new PhaseSummary(Phase.Run, 0, MonitorHealth.Healthy) { Variant = "late" }],
            TimeSpan.FromSeconds(1));
        var written = JsonReportWriter.Serialize(new RunReport([result], Severity.Low, T0, T0.AddSeconds(1)));

        var document = await JsonReportReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(written)), "r.json", CancellationToken.None);

        using var json = JsonDocument.Parse(written);
        var activity = json.RootElement.GetProperty("scenarios")[0].GetProperty("activity");
        Assert.That(activity.GetArrayLength(), Is.EqualTo(1), "a phase without a summary has none");
        Assert.That(activity[0].GetProperty("processes")[0].GetProperty("children")[0].GetProperty("pid").GetInt32(), Is.EqualTo(11));
        Assert.That(activity[0].GetProperty("network")[0].GetProperty("dnsName").GetString(), Is.EqualTo("cdn.example.com"));
        Assert.That(JsonSerializer.Serialize(document, JsonReportWriter.Options), Is.EqualTo(written));
    }

    private static PhaseActivity Summarise(params ProbeEvent[] events) =>
        ActivitySummary.Of(new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy), "default");
}
