using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using static DynamicProbe.Core.Tests.Rules.RuleStreams;

namespace DynamicProbe.Core.Tests.Rules;

/// <summary>
/// Every rule of rules.yaml on a recorded stream that shows its behaviour: it fires with its technique, with no
/// expectation at all; the always-on ones fire under a glob that covers the action too. A benign program's stream
/// gives nothing.
/// </summary>
public sealed class RuleCatalogueTests
{
    private static readonly BehaviourAnalyzer Analyzer = new(RuleBook.BuiltIn());

    /// <summary>Globs loose enough to allow everything each positive stream does.</summary>
    private static readonly Expectations Loose = Expectations.Empty with
    {
        FilesRead = ["/**"],
        FilesWrite = ["/**"],
        Processes = ["/**", "**"],
        Dns = ["**"],
        Connect = ["**"],
        Listen = ["**"],
    };

    public static IEnumerable<TestCaseData> Positives()
    {
        TestCaseData Case(string rule, string? technique, bool alwaysOn, params ProbeEvent[] events) =>
            new TestCaseData(rule, technique, alwaysOn, Of(events)).SetName($"{rule} {technique ?? "(no technique)"} {Describe(events[^1])}");

        yield return Case("preload-tamper", "T1574.006", true, Write("/etc/ld.so.preload"));
        yield return Case("kernel-module-tamper", "T1547.006", true, Write("/etc/modprobe.d/evil.conf"));
        yield return Case("kernel-module-tamper", "T1547.006", true, Write("/lib/modules/6.1.0/extra/rootkit.ko"));
        yield return Case("persistence-write", "T1546.004", true, Write("/home/probe/.bashrc"));
        yield return Case("persistence-write", "T1546.004", true, Write("/etc/profile.d/x.sh"));
        yield return Case("persistence-write", "T1098.004", true, Write("/home/probe/.ssh/authorized_keys"));
        yield return Case("persistence-write", "T1053.003", true, Write("/etc/cron.d/job"));
        yield return Case("persistence-write", "T1053.003", true, Write("/var/spool/cron/crontabs/probe"));
        yield return Case("persistence-write", "T1543.002", true, Write("/home/probe/.config/systemd/user/x.service"));
        yield return Case("persistence-write", "T1547.013", true, Write("/home/probe/.config/autostart/x.desktop"));
        yield return Case("persistence-write", "T1037.004", true, Write("/etc/rc.local"));
        yield return Case("persistence-write", "T1548.003", true, Write("/etc/sudoers.d/probe"));
        yield return Case("persistence-write", "T1136.001", true, Write("/etc/passwd"));
        yield return Case("persistence-write", null, true, Write("/root/notes"));
        yield return Case("credential-read", "T1552.004", true, Read("/home/probe/.ssh/id_rsa"));
        yield return Case("credential-read", "T1003.008", true, Read("/etc/shadow"));
        yield return Case("credential-read", "T1552.007", true, Read("/proc/1/environ"));
        yield return Case("credential-read", "T1552.001", true, Read("/home/probe/.aws/credentials"));
        yield return Case("credential-read", "T1552.001", true, Read("/home/probe/.kube/config"));
        yield return Case("memfd-exec", "T1620", true, Fork(), Exec("/proc/self/fd/5", "payload"));
        yield return Case("memfd-exec", "T1620", true, Fork(), Exec("/proc/11/fd/3"));
        yield return Case("memfd-exec", "T1620", true, Fork(), Exec("/dev/fd/4"));
        yield return Case("temp-exec", "T1105", true, Fork(), Exec("/tmp/.x/miner"));
        yield return Case("temp-exec", "T1105", true, Fork(), Exec("/dev/shm/payload"));
        yield return Case("temp-exec", "T1105", true, Fork(), Exec("/var/tmp/payload"));
        yield return Case("dropped-exec", "T1105", true, Write("/home/probe/.cache/update"), Fork(), Exec("/home/probe/.cache/update"));
        yield return Case("setid-bit-set", "T1548.001", true, File(FileOperation.Chmod, "/home/probe/sh", 0x800 | 0x1ed));
        yield return Case("setid-bit-set", "T1548.001", true, File(FileOperation.Chmod, "/home/probe/sh", 0x400 | 0x1ed));
        yield return Case("process-injection", "T1055.008", true, Call(PrivilegedCall.Ptrace, "pid 1"));
        yield return Case("kernel-module-load", "T1547.006", true, Call(PrivilegedCall.ModuleLoad, "rootkit"));
        yield return Case("kernel-module-load", "T1547.006", true, Call(PrivilegedCall.ModuleUnload, "auditd"));
        yield return Case("namespace-escape", "T1611", true, Call(PrivilegedCall.Mount, "/proc"));
        yield return Case("namespace-escape", "T1611", true, Call(PrivilegedCall.Umount, "/proc"));
        yield return Case("namespace-escape", "T1611", true, Call(PrivilegedCall.Unshare));
        yield return Case("namespace-escape", "T1611", true, Call(PrivilegedCall.Setns));
        yield return Case("privilege-change", "T1548", true, Call(PrivilegedCall.SetCapability));
        yield return Case("privilege-change", "T1548", true, Call(PrivilegedCall.SetUserId, "uid 0"));
        yield return Case("foreign-kill", "T1489", true, Call(PrivilegedCall.Kill, "pid -1 (every process)", 9));
        yield return Case("shell-spawned", "T1059.004", true, Fork(), Exec("/bin/sh", "/bin/sh", "-c", "id"));
        yield return Case("shell-spawned", "T1059.004", true, Fork(), Exec("/usr/bin/bash"));
        yield return Case("download-tool-spawned", "T1105", true, Fork(), Exec("/usr/bin/curl", "curl", "http://x.example.com/a"));
        yield return Case("download-tool-spawned", "T1105", true, Fork(), Exec("/usr/bin/python3"));
        yield return Case("home-data-destroyed", "T1485", false, File(FileOperation.Unlink, "/home/probe/Documents/a.txt"));
        yield return Case("unexpected-file-delete", "T1070.004", false, File(FileOperation.Unlink, "/srv/data/a.txt"));
        yield return Case("unexpected-process", null, false, Fork(), Exec("/usr/bin/id"));
        yield return Case("unexpected-connect", "T1071", false, Net(NetworkOperation.Connect, "203.0.113.9", 443));
        yield return Case("unexpected-send", "T1041", false, Net(NetworkOperation.SendTo, "198.51.100.7", 53));
        yield return Case("unexpected-listen", null, false, Net(NetworkOperation.Listen, "0.0.0.0", 4444));
        yield return Case("unexpected-dns", "T1071.004", false, Dns("c2.example.net"));
        yield return Case("unexpected-file-write", null, false, Write("/srv/out.txt"));
        yield return Case("unexpected-file-read", null, false, Read("/etc/os-release"));
    }

    [TestCaseSource(nameof(Positives))]
    public void Fires_on_its_behaviour_with_its_technique(string rule, string? technique, bool alwaysOn, ProbeEvent[] events)
    {
        var findings = Analyze(Expectations.Empty, events).Findings;

        var finding = findings.FirstOrDefault(f => f.Rule == rule);
        Assert.That(finding, Is.Not.Null, $"no {rule} among: {string.Join(", ", findings.Select(f => f.Rule))}");
        Assert.That(finding!.Technique, Is.EqualTo(technique));
    }

    [TestCaseSource(nameof(Positives))]
    public void Fires_under_a_covering_glob_only_when_always_on(string rule, string? technique, bool alwaysOn, ProbeEvent[] events)
    {
        var analysed = Analyze(Loose, events);

        var finding = analysed.Findings.FirstOrDefault(f => f.Rule == rule);
        Assert.That(finding is not null, Is.EqualTo(alwaysOn));
        Assert.That(analysed.Silenced, Is.Empty);
        if (alwaysOn)
        {
            Assert.That(finding!.Severity, Is.GreaterThanOrEqualTo(Severity.High));
            Assert.That(finding.Technique, Is.EqualTo(technique));
        }
    }

    [Test]
    public void Every_rule_of_rules_yaml_has_a_positive_stream()
    {
        var covered = Positives().Select(c => (string)c.Arguments[0]!).ToHashSet();

        // Every privileged call the monitor records has its own rule: the catch-all only guards future calls.
        var uncovered = RuleBook.BuiltIn().Ids.Where(id => !covered.Contains(id)).ToList();
        Assert.That(uncovered, Is.EqualTo(new[] { "unexpected-privileged-call" }));
        Assert.That(
            RuleBook.BuiltIn().RuleFor(new ObservedAction(ActionKind.PrivilegedCall, "reboot", Call(PrivilegedCall.Kill))).Id,
            Is.EqualTo("unexpected-privileged-call"));
    }

    [Test]
    public void Every_always_on_rule_names_a_technique_and_is_high_or_critical()
    {
        var alwaysOn = RuleBook.BuiltIn().Rules.Where(r => r.AlwaysOn).ToList();

        // The one exception: anything else written under /root, which is no single technique.
        var without = alwaysOn.Where(r => r.Technique is null).ToList();
        Assert.That(without.Select(r => (r.Id, r.Subjects!.Matches("/root/notes"))), Is.EqualTo(new[] { ("persistence-write", true) }));
        Assert.That(alwaysOn.Except(without).Select(r => r.Technique), Has.All.Match(@"^T\d{4}(\.\d{3})?$"));
        Assert.That(alwaysOn.Select(r => r.Severity), Has.All.GreaterThanOrEqualTo(Severity.High));
    }

    [TestCase(HoneytokenAnalyzer.ReadRule, "T1552.001")]
    [TestCase(HoneytokenAnalyzer.ExfiltrationRule, "T1041")]
    [TestCase(TriggerComparison.Rule, "T1480")]
    [TestCase(ResourceAbuseAnalyzer.PidsLimitRule, "T1499")]
    [TestCase(ResourceAbuseAnalyzer.MemoryLimitRule, "T1499")]
    [TestCase(ResourceAbuseAnalyzer.DiskFullRule, "T1499")]
    [TestCase(ResourceAbuseAnalyzer.CpuRule, "T1496")]
    [TestCase(ResourceAbuseAnalyzer.EscapeRule, null)]
    [TestCase(ResourceAbuseAnalyzer.SelfSpawnRule, null)]
    [TestCase(ResourceAbuseAnalyzer.OutputFloodRule, null)]
    [TestCase("step-failed", null)]
    public void Findings_made_in_code_name_their_technique_from_rules_yaml(string rule, string? technique)
    {
        Assert.That(RuleBook.BuiltIn().TechniqueOf(rule), Is.EqualTo(technique));
    }

    [Test]
    public void A_benign_dotnet_program_gives_nothing_under_its_image_allowances()
    {
        var machinery = ExpectationsParser.Parse(System.IO.File.ReadAllText(Repository.File("sandbox-images/dotnet/allowances.yaml")), "dotnet/allowances.yaml");
        var expect = Expectations.Empty with { FilesRead = ["/work/**"], FilesWrite = ["/tmp/report.txt"], Listen = ["127.0.0.1:8080"] };
        var events = Of(
            Read("/app/Target.dll"),
            Read("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/System.Private.CoreLib.dll"),
            Read("/etc/ssl/openssl.cnf"),
            Read("/proc/10/status"),
            Read("/sys/fs/cgroup/memory.max"),
            Write("/tmp/clr-debug-pipe-10-123-in"),
            File(FileOperation.Unlink, "/tmp/clr-debug-pipe-10-123-in"),
            Net(NetworkOperation.Listen, "127.0.0.1", 8080),
            Read("/work/input.csv"),
            Write("/tmp/report.txt"),
            Read("/tmp/report.txt"));

        var analysed = Analyzer.Analyze(new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy), new PhasePolicy(expect, machinery with { Processes = [.. machinery.Processes, ProgramPath] }, []));

        Assert.That(analysed.Findings, Is.Empty);
        Assert.That(analysed.Silenced, Is.Empty);
    }

    private static PhaseFindings Analyze(Expectations expect, ProbeEvent[] events) =>
        Analyzer.Analyze(
            new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy),
            new PhasePolicy(expect, Expectations.Empty with { Processes = [ProgramPath] }, []));

    private static string Describe(ProbeEvent probeEvent) => probeEvent switch
    {
        ProcessExecEvent e => $"exec {e.Path}",
        FileEvent f => $"{f.Operation} {f.Path}",
        PrivilegedCallEvent c => c.CallName,
        NetworkEvent n => $"{n.Operation} {n.Endpoint}",
        DnsQueryEvent d => $"dns {d.Name}",
        _ => probeEvent.GetType().Name,
    };
}
