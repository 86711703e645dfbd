using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using static DynamicProbe.Core.Tests.Rules.RuleStreams;

namespace DynamicProbe.Core.Tests.Rules;

/// <summary>Rules match the file a path reaches through a symbolic link the phase made.</summary>
public sealed class SymlinkTests
{
    private static readonly BehaviourAnalyzer Analyzer = new(RuleBook.BuiltIn());
    private static readonly Expectations LooseWrites = Expectations.Empty with { FilesWrite = ["/home/**", "/tmp/**"] };

    [Test]
    public void A_write_through_a_link_to_authorized_keys_is_persistence_named_by_the_target()
    {
        var finding = Analyze(LooseWrites,
            File(FileOperation.Symlink, "/tmp/k", second: "/home/probe/.ssh/authorized_keys"),
            Write("/tmp/k")).Single();

        Assert.That(finding.Rule, Is.EqualTo("persistence-write"));
        Assert.That(finding.Technique, Is.EqualTo("T1098.004"));
        Assert.That(finding.Message, Is.EqualTo("wrote to a persistence location: /home/probe/.ssh/authorized_keys (via /tmp/k)"));
    }

    [Test]
    public void A_relative_link_target_is_taken_from_the_links_folder()
    {
        var finding = Analyze(LooseWrites,
            File(FileOperation.Symlink, "/tmp/a/k", second: "../../home/probe/.bashrc"),
            Write("/tmp/a/k")).Single();

        Assert.That(finding.Message, Is.EqualTo("wrote to a persistence location: /home/probe/.bashrc (via /tmp/a/k)"));
    }

    [Test]
    public void A_link_to_a_folder_resolves_the_paths_below_it_and_links_chain()
    {
        var finding = Analyze(LooseWrites,
            File(FileOperation.Symlink, "/tmp/h", second: "/home/probe"),
            File(FileOperation.Symlink, "/tmp/s", second: "h/.ssh"),
            Write("/tmp/s/authorized_keys")).Single();

        Assert.That(finding.Message, Is.EqualTo("wrote to a persistence location: /home/probe/.ssh/authorized_keys (via /tmp/s/authorized_keys)"));
    }

    [Test]
    public void Deleting_the_link_is_not_deleting_its_target()
    {
        var findings = Analyze(LooseWrites,
            File(FileOperation.Symlink, "/tmp/k", second: "/home/probe/.bashrc"),
            File(FileOperation.Unlink, "/tmp/k"),
            Write("/tmp/k"));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void A_link_that_failed_to_be_made_is_not_followed()
    {
        var failed = File(FileOperation.Symlink, "/tmp/k", second: "/home/probe/.bashrc") with { Result = -17 };

        Assert.That(Analyze(LooseWrites, failed, Write("/tmp/k")), Is.Empty);
    }

    [Test]
    public void A_link_loop_ends()
    {
        var aliases = new SymlinkAliases();
        aliases.Observe(File(FileOperation.Symlink, "/tmp/a", second: "/tmp/b"));
        aliases.Observe(File(FileOperation.Symlink, "/tmp/b", second: "/tmp/a"));

        Assert.That(aliases.Resolve("/tmp/a/x", followLast: true), Is.Not.Null);
    }

    [Test]
    public void A_read_through_a_link_to_a_key_is_a_credential_read()
    {
        var finding = Analyze(Expectations.Empty with { FilesWrite = ["/tmp/**"] },
            File(FileOperation.Symlink, "/tmp/key", second: "/home/probe/.ssh/id_ed25519"),
            Read("/tmp/key")).Single();

        Assert.That((finding.Rule, finding.Technique), Is.EqualTo(("credential-read", "T1552.004")));
    }

    private static IReadOnlyList<Findings.Finding> Analyze(Expectations expect, params ProbeEvent[] events) =>
        Analyzer.Analyze(
            new PhaseRecording(Phase.Run, Of(events), MonitorHealth.Healthy),
            new PhasePolicy(expect, Expectations.Empty with { Processes = [ProgramPath] }, [])).Findings;
}
