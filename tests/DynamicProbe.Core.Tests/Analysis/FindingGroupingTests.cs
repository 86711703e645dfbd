using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Analysis;

/// <summary>One finding per behaviour: recorded event streams of wipes, tunnels and repeated calls.</summary>
public sealed class FindingGroupingTests
{
    private const int Directory = 0x10000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly BehaviourAnalyzer _analyzer = new(RuleBook.BuiltIn());
    private int _tick;

    [Test]
    public void ARecursiveDeleteOfATreeIsOneFindingWithItsCountASampleAndTheFoldersItListed()
    {
        // rm -rf ~/Documents as .NET's Directory.Delete does it: rmdir refused, list, empty, remove, deepest first.
        var findings = Analyze(
            File(FileOperation.Rmdir, "/home/probe/Documents", result: -39),
            File(FileOperation.Read, "/home/probe/Documents", flags: Directory),
            File(FileOperation.Unlink, "/home/probe/Documents/a.txt"),
            File(FileOperation.Read, "/home/probe/Documents/old", flags: Directory),
            File(FileOperation.Unlink, "/home/probe/Documents/old/b.txt"),
            File(FileOperation.Unlink, "/home/probe/Documents/old/c.txt"),
            File(FileOperation.Rmdir, "/home/probe/Documents/old"),
            File(FileOperation.Rmdir, "/home/probe/Documents"));

        var finding = findings.Single();
        Assert.That(finding.Rule, Is.EqualTo("home-data-destroyed"));
        Assert.That(finding.Message, Is.EqualTo("deleted the tree /home/probe/Documents (5 items, e.g. /home/probe/Documents/a.txt); listed 2 folders"));
        Assert.That(finding.Occurrences, Is.EqualTo(8), "every deletion, the refused rmdir and both listings");
        Assert.That(finding.Evidence, Has.Count.EqualTo(8));
    }

    [Test]
    public void WipingEveryEntryOfTheHomeFolderIsOneFindingNamingTheTrees()
    {
        var findings = Analyze(
            File(FileOperation.Read, "/home/probe", flags: Directory),
            File(FileOperation.Unlink, "/home/probe/.bashrc"),
            File(FileOperation.Read, "/home/probe/.ssh", flags: Directory),
            File(FileOperation.Unlink, "/home/probe/.ssh/id_rsa"),
            File(FileOperation.Rmdir, "/home/probe/.ssh"),
            File(FileOperation.Read, "/home/probe/Documents", flags: Directory),
            File(FileOperation.Unlink, "/home/probe/Documents/a.txt"),
            File(FileOperation.Rmdir, "/home/probe/Documents"));

        Assert.That(findings.Select(f => (f.Rule, f.Message)), Is.EqualTo(new[]
        {
            ("home-data-destroyed", "deleted 5 items in /home/probe, among them the trees /home/probe/.ssh, /home/probe/Documents (e.g. /home/probe/.bashrc); listed 3 folders"),
        }));
    }

    [Test]
    public void DeletionsWithNoRemovedFolderAboveThemGroupByTheirFolder()
    {
        var findings = Analyze(
            File(FileOperation.Unlink, "/var/cache/app/a.bin"),
            File(FileOperation.Unlink, "/var/cache/app/b.bin"),
            File(FileOperation.Unlink, "/var/log/app.log"));

        Assert.That(findings.Select(f => f.Message), Is.EquivalentTo(new[]
        {
            "deleted 2 items in /var/cache/app (e.g. /var/cache/app/a.bin)",
            "deleted /var/log/app.log",
        }));
    }

    [Test]
    public void DeletionsTheKernelRefusedAreCountedAsRefusedNotAsDeleted()
    {
        var findings = Analyze(
            File(FileOperation.Unlink, "/home/probe/a", result: -13),
            File(FileOperation.Unlink, "/home/probe/b", result: -13));

        Assert.That(findings.Single().Message, Is.EqualTo("deleted nothing in /home/probe (2 items refused, e.g. /home/probe/a)"));
    }

    [Test]
    public void OnlyListingsThatServedTheDeletionAreFoldedIntoIt()
    {
        var findings = Analyze(
            File(FileOperation.Read, "/home/probe/Documents", flags: Directory, pid: 99),
            File(FileOperation.Read, "/home/probe/Documents/a.txt"),
            File(FileOperation.Read, "/home/probe/Music", flags: Directory),
            File(FileOperation.Read, "/home/probe/Documents", flags: Directory),
            File(FileOperation.Unlink, "/home/probe/Documents/a.txt"),
            File(FileOperation.Rmdir, "/home/probe/Documents"));

        Assert.That(findings.Select(f => (f.Rule, f.Message)), Is.EquivalentTo(new[]
        {
            ("home-data-destroyed", "deleted the tree /home/probe/Documents (2 items, e.g. /home/probe/Documents/a.txt); listed 1 folder"),
            ("unexpected-file-read", "read /home/probe/Documents"),
            ("unexpected-file-read", "read /home/probe/Documents/a.txt"),
            ("unexpected-file-read", "read /home/probe/Music"),
        }));
        var otherProcess = findings.Single(f => f.Message == "read /home/probe/Documents");
        Assert.That(otherProcess.Evidence.Single().Pid, Is.EqualTo(99), "another process's listing is not the wipe's");
    }

    [Test]
    public void AListingARuleRatesAboveTheDeletionStaysItsOwnFinding()
    {
        var rules = RuleBook.Parse("""
            rules:
              - { id: secret-listing, on: [FileRead], subjects: [/srv/secret], severity: critical, message: "listed {subject}" }
              - { id: any-read, on: [FileRead], severity: low, message: "read {subject}" }
              - { id: any-delete, on: [FileDelete], severity: medium, group_by: tree, message: "deleted {summary}" }
              - { id: any-write, on: [FileWrite], severity: low, message: "w" }
              - { id: any-exec, on: [ProcessExec], severity: low, message: "x" }
              - { id: any-connect, on: [NetworkConnect, NetworkSend, NetworkListen, DnsQuery, PrivilegedCall], severity: low, message: "n" }
            """);

        var findings = new BehaviourAnalyzer(rules).Analyze(Recording(
            File(FileOperation.Read, "/srv/secret", flags: Directory),
            File(FileOperation.Unlink, "/srv/secret/key"),
            File(FileOperation.Rmdir, "/srv/secret")), Expectations.Empty);

        Assert.That(findings.Select(f => f.Rule), Is.EquivalentTo(new[] { "secret-listing", "any-delete" }));
    }

    [Test]
    public void ATunnelsChunkNamesAreOneFindingUnderTheirRegisteredDomainWithTheEncodingNamed()
    {
        var secret = Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("AKIAIOSFODNN7EXAMPLE/wJalrXUtnFEMI/K7MDENG", 12))));
        var chunks = Enumerable.Range(0, 32).Select(i => Dns($"{secret.Substring(i * 30, 30)}.{i}.x1.tunnel.example.com")).ToList();
        var ordinary = new[] { Dns("www.example.net"), Dns("api.example.net"), Dns("www.example.net", type: "AAAA") };

        var findings = Analyze([.. chunks, .. ordinary]);

        Assert.That(findings.Select(f => f.Message), Is.EquivalentTo(new[]
        {
            $"looked up 32 distinct names under example.com (labels look encoded: hex), e.g. {chunks[0].Name}",
            "looked up 2 distinct names under example.net, e.g. www.example.net",
        }));
        Assert.That(findings.Single(f => f.Message.Contains("example.com", StringComparison.Ordinal)).Occurrences, Is.EqualTo(32));
    }

    [Test]
    public void OneNameLookedUpIsNamedAsItWas()
    {
        var findings = Analyze(Dns("updates.example.org"), Dns("updates.example.org", type: "AAAA"));

        Assert.That(findings.Single().Message, Is.EqualTo("looked up updates.example.org"));
    }

    [TestCase("x1.tunnel.example.com", "example.com")]
    [TestCase("EXAMPLE.com.", "example.com")]
    [TestCase("a.b.example.co.uk", "example.co.uk")]
    [TestCase("chunk.someone.github.io", "someone.github.io")]
    [TestCase("co.uk", "co.uk")]
    [TestCase("localhost", "localhost")]
    public void RegisteredDomainsKnowTheMultiLabelSuffixes(string name, string domain)
    {
        Assert.That(RegisteredDomain.Of(name), Is.EqualTo(domain));
    }

    [TestCase("mzxw6ytboi2dg5lnmfzwk3tb.t.example.com", "base32")]
    [TestCase("H3odn08mVZL_11psaeDi9Kq.t.example.com", "base64")]
    [TestCase("685764635138743578616b33412f38.0.t.example.com", "hex")]
    [TestCase("MyServiceName2024Prod.example.com", null)]
    [TestCase("subscriptionmanagement2.example.com", null)]
    [TestCase("kubernetes-dashboard-v2.example.com", null)]
    [TestCase("ec2-203-0-113-25.compute.example.com", null)]
    [TestCase("www.example.com", null)]
    public void EncodedLabelsAreToldFromWords(string name, string? encoding)
    {
        Assert.That(EncodedLabels.Describe([name], "example.com"), Is.EqualTo(encoding));
    }

    [Test]
    public void ChunksAreJudgedTogetherSoOneWithoutALetterDoesNotHideTheEncoding()
    {
        string[] names = ["3132333435363738393031323334.0.t.example.com", "6a5069565464415a2b6778784b5452.1.t.example.com", "3938373635343332.2.t.example.com"];

        Assert.That(EncodedLabels.Describe(names, "example.com"), Is.EqualTo("hex"));
        Assert.That(EncodedLabels.Describe([names[0], names[2]], "example.com"), Is.EqualTo("hex"), "hex of text (\"123456\") may hold no letter at all");
        Assert.That(EncodedLabels.Describe(["www.example.com", "api.example.com", names[1]], "example.com"), Is.Null, "one name in three is not the pattern");
    }

    [Test]
    public void RepeatedIdenticalCallsAreOneEvidenceEntryWithACount()
    {
        var opens = Enumerable.Range(0, 412).Select(_ => File(FileOperation.Read, "/etc/passwd")).ToList();
        var refused = File(FileOperation.Read, "/etc/passwd", result: -13);
        var otherProcess = File(FileOperation.Read, "/etc/passwd", pid: 11);

        var finding = Analyze([.. opens, refused, otherProcess]).Single();

        Assert.That(finding.Occurrences, Is.EqualTo(414));
        Assert.That(finding.Evidence.Select(e => e.Repeats), Is.EqualTo(new int?[] { 412, null, null }));
        Assert.That(finding.Evidence[0].Time, Is.EqualTo(opens[0].Time), "the entry is the first of them");
        Assert.That(finding.EvidenceOmitted, Is.Zero);
    }

    [Test]
    public void EveryOccurrenceIsKeptOrCountedWhenTheEvidenceIsFull()
    {
        var processes = BehaviourAnalyzer.MaxEvidencePerFinding + 75;
        var reads = Enumerable.Range(0, processes).SelectMany(pid => new[] { File(FileOperation.Read, "/etc/passwd", pid: pid), File(FileOperation.Read, "/etc/passwd", pid: pid) }).ToList();

        var finding = Analyze([.. reads]).Single();

        Assert.That(finding.Evidence, Has.Count.EqualTo(BehaviourAnalyzer.MaxEvidencePerFinding));
        Assert.That(finding.Evidence.Select(e => e.Repeats), Is.All.EqualTo(2), "a repeat of a kept entry is counted on it");
        Assert.That(finding.EvidenceOmitted, Is.EqualTo(150), "both calls of each process past the bound");
        Assert.That(finding.Evidence.Sum(e => e.Repeats ?? 1) + finding.EvidenceOmitted, Is.EqualTo(finding.Occurrences));
    }

    [Test]
    public void APlaceholderInATargetsPathStaysText()
    {
        var finding = Analyze(File(FileOperation.Unlink, "/home/probe/{count}{process}")).Single();

        Assert.That(finding.Message, Is.EqualTo("deleted /home/probe/{count}{process}"));
    }

    [Test]
    public void OpensTheMonitorFoldedAsRepeatsCountAsOccurrences()
    {
        // The monitor reports a thread's 1000 identical reopens of a file on the event of the first (Repeats = 1001).
        var findings = Analyze(
            File(FileOperation.Read, "/etc/passwd") with { Repeats = 1001 },
            File(FileOperation.Read, "/etc/passwd", pid: 11) with { Repeats = 3 },
            File(FileOperation.Read, "/etc/passwd"));

        var finding = findings.Single();
        Assert.That(finding.Occurrences, Is.EqualTo(1005));
        Assert.That(finding.Evidence.Select(e => e.Repeats), Is.EqualTo(new int?[] { 1002, 3 }), "pid 10's opens are one entry, pid 11's another");
    }

    [Test]
    public void AFindingsSubjectIsItsGroupKeyWhateverThePidsTimesAndCounts()
    {
        var once = Analyze(File(FileOperation.Read, "/home/probe/.ssh/id_rsa"), Dns("x1.tunnel.example.com"));
        _tick += 5000;
        var again = Analyze(
            File(FileOperation.Read, "/home/probe/.ssh/id_rsa", pid: 4242) with { Repeats = 7 },
            Dns("x2.tunnel.example.com"),
            Dns("x3.tunnel.example.com"));
        var wipe = Analyze(
            File(FileOperation.Unlink, "/home/probe/Documents/a.txt"),
            File(FileOperation.Unlink, "/home/probe/Documents/old/b.txt"),
            File(FileOperation.Rmdir, "/home/probe/Documents/old"));

        Assert.That(once.Select(f => (f.Rule, f.Subject)), Is.EquivalentTo(new[] { ("credential-read", "/home/probe/.ssh/id_rsa"), ("unexpected-dns", "example.com") }));
        Assert.That(again.Select(f => (f.Rule, f.Subject)), Is.EquivalentTo(once.Select(f => (f.Rule, f.Subject))));
        Assert.That(wipe.Single().Subject, Is.EqualTo("/home/probe/Documents"), "a tree by the folder it was deleted in");
    }

    private IReadOnlyList<Finding> Analyze(params ProbeEvent[] events) => _analyzer.Analyze(Recording(events), Expectations.Empty);

    private static PhaseRecording Recording(params ProbeEvent[] events) => new(Phase.Run, events, MonitorHealth.Healthy);

    private FileEvent File(FileOperation operation, string path, int flags = 0, int pid = 10, int result = 0) =>
        new(T0.AddMilliseconds(_tick++), pid, "/app/X", operation, path, result, flags);

    private DnsQueryEvent Dns(string name, string type = "A") => new(T0.AddMilliseconds(_tick++), 10, "/app/X", name, type, null);
}
