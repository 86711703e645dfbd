using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Analysis;

public sealed class BehaviourAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly BehaviourAnalyzer _analyzer = new(RuleBook.BuiltIn());

    [Test]
    public void AllowedEventsMakeNoFinding()
    {
        var allowed = Expectations.Empty with { FilesRead = ["/app/**"], FilesWrite = ["/tmp/**"], Processes = ["/app/Hello"] };
        var findings = Analyze(allowed,
            Exec("/app/Hello", "/app/Hello"),
            File(FileOperation.Read, "/app/Hello.dll"),
            File(FileOperation.Read, "/app"),
            File(FileOperation.Write, "/tmp/x/y.txt"),
            File(FileOperation.Unlink, "/tmp/x/y.txt"));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void HiddenShellCommandIsAHighFindingWithItsArgv()
    {
        var findings = Analyze(Expectations.Empty, Exec("/bin/sh", "/bin/sh", "-c", "id > /tmp/.x"));

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Rule, Is.EqualTo("shell-spawned"));
        Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
        Assert.That(findings[0].Message, Does.Contain("/bin/sh -c 'id > /tmp/.x'"));
        Assert.That(((ProcessExecEvent)findings[0].Evidence[0]).Argv, Is.EqualTo(new[] { "/bin/sh", "-c", "id > /tmp/.x" }));
    }

    [Test]
    public void FailedPathSearchForOneProgramIsOneFinding()
    {
        var findings = Analyze(Expectations.Empty,
            Exec("/usr/local/bin/curl", -2, "curl"),
            Exec("/usr/bin/curl", -2, "curl"),
            Exec("/bin/curl", -2, "curl"));

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Rule, Is.EqualTo("download-tool-spawned"));
        Assert.That(findings[0].Occurrences, Is.EqualTo(3));
    }

    [Test]
    public void AppendingToBashrcIsCriticalPersistence()
    {
        var findings = Analyze(Expectations.Empty with { FilesWrite = ["/tmp/**"] },
            File(FileOperation.Write, "/home/probe/.bashrc", flags: OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Append));

        Assert.That(findings.Single().Rule, Is.EqualTo("persistence-write"));
        Assert.That(findings.Single().Severity, Is.EqualTo(Severity.Critical));
        Assert.That(findings.Single().Message, Does.Contain("/home/probe/.bashrc"));
    }

    [Test]
    public void WipingTheHomeFolderIsOneFindingWithTheRemovedFolderCountedInIt()
    {
        var findings = Analyze(Expectations.Empty,
            File(FileOperation.Unlink, "/home/probe/.bashrc"),
            File(FileOperation.Unlink, "/home/probe/.profile"),
            File(FileOperation.Unlink, "/home/probe/Documents/notes.txt"),
            File(FileOperation.Rmdir, "/home/probe/Documents"));

        Assert.That(findings.Select(f => (f.Rule, f.Message)), Is.EqualTo(new[]
        {
            ("home-data-destroyed", "deleted 4 items in /home/probe, among them the tree /home/probe/Documents (e.g. /home/probe/.bashrc)"),
        }));
    }

    [Test]
    public void ConnectToAnUnexpectedAddressNamesTheEndpointEvenWhenItFailed()
    {
        var connect = new NetworkEvent(T0, 42, "/app/RawConnect", NetworkOperation.Connect, AddressFamily.Inet, "203.0.113.7", 4444, -101);

        var findings = Analyze(Expectations.Empty with { Connect = ["127.0.0.1:*"] }, connect);

        Assert.That(findings.Single().Rule, Is.EqualTo("unexpected-connect"));
        Assert.That(findings.Single().Message, Is.EqualTo("connected to 203.0.113.7:4444"));
        Assert.That(((NetworkEvent)findings.Single().Evidence[0]).Error, Is.EqualTo("ENETUNREACH"));
    }

    [Test]
    public void LoopbackIsNotImpliedButCanBeExpected()
    {
        var connect = new NetworkEvent(T0, 42, "/app/Api", NetworkOperation.Connect, AddressFamily.Inet, "127.0.0.1", 8080, 0);
        var listen = new NetworkEvent(T0, 42, "/app/Api", NetworkOperation.Listen, AddressFamily.Inet6, "::", 8080, 0);

        Assert.That(Analyze(Expectations.Empty, connect).Single().Rule, Is.EqualTo("unexpected-connect"));
        Assert.That(Analyze(Expectations.Empty with { Connect = ["127.0.0.1:8080"], Listen = ["*:8080"] }, connect, listen), Is.Empty);
    }

    [Test]
    public void DualModeSocketsConnectingToMappedIPv4MatchTheIPv4Endpoint()
    {
        var connect = new NetworkEvent(T0, 42, "/app/Api", NetworkOperation.Connect, AddressFamily.Inet6, "::ffff:127.0.0.1", 8080, -115);

        Assert.That(connect.Endpoint, Is.EqualTo("127.0.0.1:8080"));
        Assert.That(Analyze(Expectations.Empty with { Connect = ["127.0.0.1:8080"] }, connect), Is.Empty);
    }

    [Test]
    public void ListingACredentialFolderIsNotReadingCredentials()
    {
        var findings = Analyze(Expectations.Empty,
            File(FileOperation.Read, "/home/probe/.ssh", flags: 0x10000),
            File(FileOperation.Read, "/home/probe/.ssh/id_rsa"));

        Assert.That(findings.Select(f => (f.Rule, f.Message)), Is.EquivalentTo(new[]
        {
            ("credential-read", "read credentials: /home/probe/.ssh/id_rsa"),
            ("unexpected-file-read", "read /home/probe/.ssh"),
        }));
    }

    [Test]
    public void ConnectionsToASinkholeAddressAreJudgedAndShownByTheNameItWasGivenFor()
    {
        var lookup = new DnsQueryEvent(T0, 42, "/app/Api", "api.example.com", "A", "198.18.0.7");
        var allowedConnect = new NetworkEvent(T0, 42, "/app/Api", NetworkOperation.Connect, AddressFamily.Inet6, "::ffff:198.18.0.7", 443, -115);
        var otherLookup = new DnsQueryEvent(T0, 42, "/app/Api", "evil.example.net", "A", "198.18.0.9");
        var otherConnect = new NetworkEvent(T0, 42, "/app/Api", NetworkOperation.Connect, AddressFamily.Inet, "198.18.0.9", 80, -115);

        var findings = Analyze(
            Expectations.Empty with { Dns = ["*.example.*"], Connect = ["api.example.com:443"] },
            lookup, allowedConnect, otherLookup, otherConnect);

        Assert.That(findings.Single().Message, Is.EqualTo("connected to evil.example.net:80 (198.18.0.9:80)"));
    }

    [Test]
    public void RenameNeedsBothNamesAllowed()
    {
        var rename = new FileEvent(T0, 7, "/app/X", FileOperation.Rename, "/tmp/a", 0, SecondPath: "/home/probe/.profile");

        var findings = Analyze(Expectations.Empty with { FilesWrite = ["/tmp/**"] }, rename);

        Assert.That(findings.Single().Rule, Is.EqualTo("persistence-write"));
    }

    [Test]
    public void EvidenceIsBoundedButEveryOccurrenceCounted()
    {
        var reads = Enumerable.Range(0, 250).Select(i => File(FileOperation.Read, "/etc/passwd", pid: i)).ToArray();

        var finding = Analyze(Expectations.Empty, reads).Single();

        Assert.That(finding.Occurrences, Is.EqualTo(250));
        Assert.That(finding.Evidence, Has.Count.EqualTo(BehaviourAnalyzer.MaxEvidencePerFinding));
        Assert.That(finding.EvidenceOmitted, Is.EqualTo(250 - BehaviourAnalyzer.MaxEvidencePerFinding));
    }

    [Test]
    public void FindingsComeMostSevereFirst()
    {
        var findings = Analyze(Expectations.Empty,
            File(FileOperation.Read, "/etc/hostname"),
            File(FileOperation.Write, "/home/probe/.bashrc"));

        Assert.That(findings.Select(f => f.Severity), Is.EqualTo(new[] { Severity.Critical, Severity.Low }));
    }

    private IReadOnlyList<Finding> Analyze(Expectations allowed, params ProbeEvent[] events) =>
        _analyzer.Analyze(new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy), allowed);

    private static ProcessExecEvent Exec(string path, params string[] argv) => Exec(path, 0, argv);

    private static ProcessExecEvent Exec(string path, int result, params string[] argv) =>
        new(T0, 10, "/app/X", 1, path, argv, result);

    private static FileEvent File(FileOperation operation, string path, int flags = 0, int pid = 10) =>
        new(T0, pid, "/app/X", operation, path, 0, flags);
}
