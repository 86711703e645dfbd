using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using static DynamicProbe.Core.Tests.Rules.RuleStreams;

namespace DynamicProbe.Core.Tests.Rules;

/// <summary>How always-on rules meet a scenario's expect, its allow_rules, the image's allowances and its own steps.</summary>
public sealed class AlwaysOnTests
{
    private static readonly BehaviourAnalyzer Analyzer = new(RuleBook.BuiltIn());
    private static readonly SourceLocation AllowAt = new("/s/x.yaml", 14, 5);

    [Test]
    public void A_broad_glob_does_not_hide_a_credential_read()
    {
        var analysed = Analyze(Expectations.Empty with { FilesRead = ["/home/**"] }, [], Of(Read("/home/probe/.ssh/id_rsa"), Read("/home/probe/notes.txt")));

        Assert.That(analysed.Findings.Select(f => (f.Rule, f.Technique, f.Message)), Is.EqualTo(new[]
        {
            ("credential-read", (string?)"T1552.004", "read credentials: /home/probe/.ssh/id_rsa"),
        }));
    }

    [Test]
    public void An_exact_entry_silences_it_and_says_which()
    {
        var analysed = Analyze(Expectations.Empty with { FilesRead = ["/home/probe/.ssh/id_rsa"] }, [], Of(Read("/home/probe/.ssh/id_rsa"), Read("/home/probe/.ssh/id_rsa")));

        Assert.That(analysed.Findings, Is.Empty);
        var silenced = analysed.Silenced.Single();
        Assert.That(silenced.Reason, Is.EqualTo("exact entry '/home/probe/.ssh/id_rsa' in expect.files.read"));
        Assert.That(silenced.Line, Is.Null, "expect entries keep no line in the scenario model");
        Assert.That(silenced.Finding.Rule, Is.EqualTo("credential-read"));
        Assert.That(silenced.Finding.Technique, Is.EqualTo("T1552.004"));
        Assert.That(silenced.Finding.Occurrences, Is.EqualTo(2));
    }

    [Test]
    public void An_exact_write_entry_silences_a_read_too()
    {
        var analysed = Analyze(Expectations.Empty with { FilesWrite = ["/home/probe/.aws/credentials"] }, [], Of(Read("/home/probe/.aws/credentials")));

        Assert.That(analysed.Findings, Is.Empty);
        Assert.That(analysed.Silenced.Single().Reason, Is.EqualTo("exact entry '/home/probe/.aws/credentials' in expect.files.write"));
    }

    [Test]
    public void An_exact_entry_for_another_file_does_not_silence()
    {
        var analysed = Analyze(Expectations.Empty with { FilesRead = ["/home/probe/.ssh/known_hosts", "/home/probe/.ssh/**"] }, [], Of(Read("/home/probe/.ssh/id_rsa")));

        Assert.That(analysed.Findings.Single().Rule, Is.EqualTo("credential-read"));
        Assert.That(analysed.Silenced, Is.Empty);
    }

    [Test]
    public void Allow_rules_silences_every_finding_of_the_rule_and_names_where_it_is_written()
    {
        var analysed = Analyze(
            Expectations.Empty with { Processes = ["/bin/*"] },
            [new RuleAllowance("shell-spawned", AllowAt)],
            Of(Fork(), Exec("/bin/sh", "/bin/sh", "-c", "echo hi"), Exec("/usr/bin/bash"), Read("/home/probe/.ssh/id_rsa")));

        Assert.That(analysed.Findings.Select(f => f.Rule), Is.EqualTo(new[] { "credential-read" }));
        Assert.That(analysed.Silenced.Select(s => (s.Finding.Rule, s.Reason)), Is.EquivalentTo(new[]
        {
            ("shell-spawned", "allow_rules: shell-spawned at /s/x.yaml:14:5"),
            ("shell-spawned", "allow_rules: shell-spawned at /s/x.yaml:14:5"),
        }));        Assert.That(analysed.Silenced.Select(s => s.Line), Is.All.EqualTo(14), "the line of the allow_rules entry, for reports to point at");
    }

    [Test]
    public void Allow_rules_silences_a_rule_that_is_not_always_on_too()
    {
        var analysed = Analyze(Expectations.Empty, [new RuleAllowance("unexpected-dns", AllowAt)], Of(Dns("api.example.com")));

        Assert.That(analysed.Findings, Is.Empty);
        Assert.That(analysed.Silenced.Single().Finding.Rule, Is.EqualTo("unexpected-dns"));
    }

    [Test]
    public void A_privileged_call_is_silenced_only_by_allow_rules()
    {
        var loose = Expectations.Empty with { Processes = ["**"], FilesWrite = ["/**"] };

        Assert.That(Analyze(loose, [], Of(Call(PrivilegedCall.Mount, "/proc"))).Findings.Single().Rule, Is.EqualTo("namespace-escape"));
        Assert.That(Analyze(loose, [new RuleAllowance("namespace-escape", AllowAt)], Of(Call(PrivilegedCall.Mount, "/proc"))).Silenced, Has.Count.EqualTo(1));
    }

    [Test]
    public void The_image_allowances_are_trusted_whole()
    {
        // The SDK's own shells, say, are named in the image's allowances, reviewed with the image.
        var analysed = Analyzer.Analyze(
            new PhaseRecording(Phase.Build, Of(Fork(), Exec("/bin/sh", "/bin/sh", "-c", "umask")), MonitorHealth.Healthy),
            new PhasePolicy(Expectations.Empty, Expectations.Empty with { Processes = ["/bin/sh", ProgramPath] }, []));

        Assert.That(analysed.Findings, Is.Empty);
        Assert.That(analysed.Silenced, Is.Empty);
    }

    [Test]
    public void A_shell_an_exec_step_starts_is_left_to_expect()
    {
        var execStep = new StepRef(2, "exec", 17);
        var stepShell = new ProcessExecEvent(default, 40, "runc:[2:INIT]", 1, "/bin/sh", ["/bin/sh", "-c", "cat /tmp/out | grep ok"], 0) { Step = execStep };
        var events = Of(
            stepShell,
            new ProcessForkEvent(default, 40, "/bin/sh", 41) { Step = execStep },
            new ProcessExecEvent(default, 41, "/bin/sh", 40, "/usr/bin/bash", ["bash"], 0) { Step = execStep },
            new FileEvent(default, 41, "/usr/bin/bash", FileOperation.Read, "/home/probe/.ssh/id_rsa", 0) { Step = execStep });

        var covered = Analyze(Expectations.Empty with { Processes = ["/bin/sh", "/usr/bin/*"], FilesRead = ["/home/probe/**"] }, [], events);
        var uncovered = Analyze(Expectations.Empty, [], events);

        Assert.That(covered.Findings, Is.Empty);
        Assert.That(covered.Silenced, Is.Empty);
        Assert.That(uncovered.Findings.Select(f => f.Rule), Is.EquivalentTo(new[] { "shell-spawned", "shell-spawned", "credential-read" }));
    }

    [Test]
    public void A_shell_the_program_starts_during_an_exec_step_is_still_the_programs()
    {
        var execStep = new StepRef(2, "exec", 17);
        var events = Of(Fork() with { Step = execStep }, Exec("/bin/sh", "/bin/sh", "-c", "id") with { Step = execStep });

        var analysed = Analyze(Expectations.Empty with { Processes = ["/bin/*"] }, [], events);

        Assert.That(analysed.Findings.Single().Rule, Is.EqualTo("shell-spawned"));
    }

    [Test]
    public void The_program_a_step_starts_is_the_scenarios_but_what_it_starts_is_not()
    {
        // A target.command of a shell: the step's own exec of it is no finding; the shell it starts is.
        var step = new ProcessExecEvent(default, 10, "runc:[2:INIT]", 1, "/bin/sh", ["/bin/sh", "-c", "sh -c id"], 0) { Step = RunStepRef };
        var events = new ProbeEvent[] { step, new ProcessForkEvent(default, 10, "/bin/sh", 11) { Step = RunStepRef }, new ProcessExecEvent(default, 11, "/bin/sh", 10, "/bin/sh", ["sh", "-c", "id"], 0) { Step = RunStepRef } };

        var analysed = Analyze(Expectations.Empty with { Processes = ["/bin/*"] }, [], events);

        Assert.That(analysed.Findings.Single().Evidence.Single().Pid, Is.EqualTo(11));
    }

    [Test]
    public void Silenced_findings_never_fail_a_run_and_are_kept_apart()
    {
        var analysed = Analyze(Expectations.Empty, [new RuleAllowance("credential-read", AllowAt)], Of(Read("/home/probe/.aws/credentials")));

        Assert.That(analysed.Findings, Is.Empty);
        Assert.That(analysed.Silenced.Single().Finding.Severity, Is.EqualTo(Severity.High));
    }

    /// <param name="stream">A whole recorded stream, the step's start of the program first (see <see cref="RuleStreams.Of"/>).</param>
    private static PhaseFindings Analyze(Expectations expect, IReadOnlyList<RuleAllowance> allowRules, ProbeEvent[] stream) =>
        Analyzer.Analyze(
            new PhaseRecording(Phase.Run, stream, MonitorHealth.Healthy),
            new PhasePolicy(expect, Expectations.Empty with { Processes = [ProgramPath] }, allowRules));
}
