using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Analysis;

public sealed class TriggerComparisonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly TriggerComparison _comparison = new(RuleBook.BuiltIn());

    [Test]
    public void TheSameProgramRunTwiceGivesNoDriftThoughPidsTempNamesPortsAndCanariesDiffer()
    {
        var first = Run("default", "", pid: 1201, temp: "tmpA1b2C3.tmp", secret: "AKIAFIRSTRUN0000001", fakeAddress: "198.18.0.7");
        var second = Run("next-year", "clock 2032-06-01T00:00:00Z", pid: 3377, temp: "tmpZ9y8X7.tmp", secret: "AKIASECONDRUN000002", fakeAddress: "198.18.0.9");

        var findings = _comparison.Compare([first, second], Expectations.Empty, Expectations.Empty);

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public void ADeletionOnlyUnderTheClockVariantIsFoundWithTheVariantAndItsEvidence()
    {
        var wipe = new[]
        {
            File(3377, FileOperation.Unlink, "/home/probe/Documents/notes.txt"),
            File(3377, FileOperation.Unlink, "/home/probe/Documents/budget-2026.csv"),
        };
        var plain = Run("default", "", pid: 1201);
        var nextYear = Run("next-year", "clock 2032-06-01T00:00:00Z", pid: 3377, extra: wipe);

        var finding = _comparison.Compare([plain, nextYear], Expectations.Empty, Expectations.Empty).Single();

        Assert.That(finding.Rule, Is.EqualTo(TriggerComparison.Rule));
        Assert.That(finding.Severity, Is.EqualTo(Severity.High), "the severity of home-data-destroyed");
        Assert.That(finding.Variant, Is.EqualTo("next-year"));
        Assert.That(finding.Message, Is.EqualTo(
            "deleted 2 items in /home/probe/Documents (e.g. /home/probe/Documents/notes.txt) (home-data-destroyed) only under variant next-year (clock 2032-06-01T00:00:00Z), "
            + "never under default (where /app/Tool ran too, as pid 1201)"));
        Assert.That(finding.Evidence, Is.EqualTo(wipe.Append(plain.Recording.Events[0])), "the wipe, then the same program starting in the default run");
        Assert.That(finding.Occurrences, Is.EqualTo(2));
    }

    [Test]
    public void ATreeRemovedOnlyUnderAVariantIsOneDifferenceWithTheListingItNeeded()
    {
        var wipe = new ProbeEvent[]
        {
            new FileEvent(T0.AddSeconds(1), 3377, "/app/Tool", FileOperation.Read, "/home/probe/Documents", 3, 0x10000),
            File(3377, FileOperation.Unlink, "/home/probe/Documents/notes.txt", result: 0),
            File(3377, FileOperation.Rmdir, "/home/probe/Documents", result: 0),
        };
        var plain = Run("default", "", pid: 1201);
        var nextYear = Run("next-year", "clock 2032-06-01T00:00:00Z", pid: 3377, extra: wipe);

        var finding = _comparison.Compare([plain, nextYear], Expectations.Empty, Expectations.Empty).Single();

        Assert.That(finding.Message, Does.StartWith(
            "deleted the tree /home/probe/Documents (2 items, e.g. /home/probe/Documents/notes.txt); listed 1 folder (home-data-destroyed) only under variant next-year"));
        Assert.That(finding.Occurrences, Is.EqualTo(3));
    }

    [Test]
    public void AListingOnlyOneRunMadeBeforeADeletionBothMadeIsAReadOfItsOwn()
    {
        var delete = (int pid) => File(pid, FileOperation.Unlink, "/home/probe/cache.bin", result: 0);
        var plain = Run("default", "", pid: 1201, extra: [delete(1201)]);
        var nextYear = Run("next-year", "clock 2032-06-01T00:00:00Z", pid: 3377, extra:
        [
            new FileEvent(T0.AddSeconds(1), 3377, "/app/Tool", FileOperation.Read, "/home/probe", 3, 0x10000),
            delete(3377),
        ]);

        var finding = _comparison.Compare([plain, nextYear], Expectations.Empty, Expectations.Empty).Single();

        Assert.That(finding.Message, Does.StartWith("read /home/probe (unexpected-file-read) only under variant next-year"));
        Assert.That(finding.Severity, Is.EqualTo(Severity.Low));
    }

    [Test]
    public void BehaviourThatStopsUnderAVariantNamesTheRunsItShowedIn()
    {
        var beacon = new NetworkEvent(T0.AddSeconds(1), 1201, "/app/Tool", NetworkOperation.Connect, AddressFamily.Inet, "203.0.113.9", 443, -101);
        var plain = Run("default", "", pid: 1201, extra: [beacon]);
        var prod = Run("looks-like-prod", "hostname db-master-01", pid: 3377);

        var finding = _comparison.Compare([plain, prod], Expectations.Empty, Expectations.Empty).Single();

        Assert.That(finding.Variant, Is.EqualTo("default"));
        Assert.That(finding.Message, Is.EqualTo(
            "connected to 203.0.113.9:443 (unexpected-connect) only under default, never under variant looks-like-prod (hostname db-master-01) "
            + "(where /app/Tool ran too, as pid 3377)"));
    }

    [Test]
    public void TheFakeClockMachineryAndTheImagesAllowancesAreNotDrift()
    {
        var plain = Run("default", "", pid: 1201);
        var nextYear = Run("next-year", "clock 2032-06-01T00:00:00Z", pid: 3377, extra:
        [
            File(3377, FileOperation.Read, FakeClock.PreloadPath),
            File(3377, FileOperation.Read, FakeClock.LibraryPath),
            File(3377, FileOperation.Read, "/home/probe/.faketimerc", result: -2),
            File(3377, FileOperation.Write, "/dev/shm/sem.Xq3kPz"),
            File(3377, FileOperation.Write, "/dev/shm/sem.faketime_sem_3377"),
            File(3377, FileOperation.Unlink, "/dev/shm/faketime_shm_3377"),
            File(3377, FileOperation.Read, "/usr/share/zoneinfo/Etc/UTC"),
        ]);
        var noise = FakeClock.Machinery.Union(Expectations.Empty with { FilesRead = ["/usr/share/zoneinfo/**"] });

        var findings = _comparison.Compare([plain, nextYear], noise, Expectations.Empty);

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public void ARunNotFullyObservedCannotShowThatSomethingDidNotHappen()
    {
        var read = File(1201, FileOperation.Read, "/home/probe/.aws/credentials");
        var plain = Run("default", "", pid: 1201, extra: [read]);
        var timedOut = Run("next-year", "clock 2032-06-01T00:00:00Z", pid: 3377) with { FullyObserved = false };

        Assert.That(_comparison.Compare([plain, timedOut], Expectations.Empty, Expectations.Empty), Is.Empty);
    }

    [Test]
    public void DriftTheScenarioExpectsIsStillReportedButLow()
    {
        var plain = Run("default", "", pid: 1201);
        var nextYear = Run("next-year", "clock 2032-06-01T00:00:00Z", pid: 3377, extra: [File(3377, FileOperation.Write, "/tmp/renewal-reminder.txt")]);

        var finding = _comparison.Compare([plain, nextYear], Expectations.Empty, Expectations.Empty with { FilesWrite = ["/tmp/**"] }).Single();

        Assert.That(finding.Severity, Is.EqualTo(Severity.Low));
        Assert.That(finding.Message, Does.StartWith("wrote /tmp/renewal-reminder.txt (unexpected-file-write) only under variant next-year"));
    }

    [Test]
    public void ASingleRunHasNothingToCompare()
    {
        var lone = Run("default", "", pid: 1201, extra: [File(1201, FileOperation.Unlink, "/home/probe/.bashrc")]);

        Assert.That(_comparison.Compare([lone], Expectations.Empty, Expectations.Empty), Is.Empty);
    }

    /// <summary>
    /// What a small .NET tool does in every run, with what changes from run to run: its pid (in its own /proc paths
    /// and the runtime's pipes), a temporary file name, the canary it sends through DNS, and the address the sandbox's
    /// DNS gave the name it connects to.
    /// </summary>
    private static ComparedRun Run(
        string name, string trigger, int pid, string temp = "tmpQ1w2E3.tmp", string secret = "AKIADEFAULT00000001",
        string fakeAddress = "198.18.0.7", ProbeEvent[]? extra = null)
    {
        ProbeEvent[] events =
        [
            new ProcessExecEvent(T0, pid, "/app/Tool", 1, "/app/Tool", ["/app/Tool"], 0),
            File(pid, FileOperation.Read, "/app/Tool.dll"),
            File(pid, FileOperation.Read, $"/proc/{pid}/stat"),
            File(pid, FileOperation.Write, $"/tmp/clr-debug-pipe-{pid}-1234567-in"),
            File(pid, FileOperation.Write, $"/tmp/{temp}"),
            File(pid, FileOperation.Unlink, $"/tmp/{temp}"),
            new DnsQueryEvent(T0, pid, "/app/Tool", $"{secret}.stats.example.com", "A", "198.18.0.3"),
            new DnsQueryEvent(T0, pid, "/app/Tool", "api.example.com", "A", fakeAddress),
            new NetworkEvent(T0, pid, "/app/Tool", NetworkOperation.Connect, AddressFamily.Inet, fakeAddress, 443, 0),
            .. extra ?? [],
        ];
        var canary = new Honeytoken("aws-credentials", "/home/probe/.aws/credentials", null, secret);
        return new ComparedRun(name, trigger, new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy), [canary], FullyObserved: true);
    }

    private static FileEvent File(int pid, FileOperation operation, string path, int result = 3) =>
        new(T0.AddSeconds(1), pid, "/app/Tool", operation, path, result, operation == FileOperation.Write ? OpenFlags.WriteOnly : 0);
}
