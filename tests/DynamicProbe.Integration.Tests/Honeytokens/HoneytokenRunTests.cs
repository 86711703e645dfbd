using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Policy;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Honeytokens;

/// <summary>Honeytokens end to end: planted in a real sandbox, stolen by a real shell, seen by the real monitor, found by the analysis.</summary>
[TestFixture]
[NonParallelizable]
public sealed class HoneytokenRunTests
{
    private const string HostSecretVariable = "DYNAMICPROBE_TEST_HOST_SECRET";

    private DockerEngine engine = null!;

    [SetUp]
    public void Connect() => engine = DockerEngine.FromEnvironment();

    [TearDown]
    public void Disconnect()
    {
        Environment.SetEnvironmentVariable(HostSecretVariable, null);
        engine.Dispose();
    }

    [Test]
    public async Task A_shell_stealing_canaries_into_files_is_found_reading_and_leaking_them()
    {
        var monitor = SharedMonitor.Monitor;
        var executor = new ScenarioExecutor(
            new NoBuilds(), new SandboxRunner(engine.Client, monitor), new ImageAllowanceSource(engine.Client), new BehaviourAnalyzer(RuleBook.BuiltIn()));
        var scenario = HoneytokenScenarios.Shell("cat ~/.aws/credentials > /tmp/x; base64 ~/.ssh/id_rsa > /tmp/y");

        var result = await executor.ExecuteAsync(scenario, CancellationToken.None);

        Assert.That(result.Steps.Single().Succeeded, Is.True, result.Steps.Single().Detail);
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Findings), string.Join("\n", result.Problems));
        var reads = result.Findings.Where(f => f.Rule == HoneytokenAnalyzer.ReadRule).Select(f => f.Message).ToList();
        Assert.That(reads, Has.Some.StartsWith("read the canary AWS secret access key planted in /home/probe/.aws/credentials, first by /usr/bin/cat")
            .And.Some.StartsWith("read the canary SSH private key planted in /home/probe/.ssh/id_rsa, first by /usr/bin/base64"), string.Join("\n", reads));
        var leaks = result.Findings.Where(f => f.Rule == HoneytokenAnalyzer.ExfiltrationRule).ToList();
        Assert.That(leaks.Select(f => f.Message), Is.EquivalentTo(new[]
        {
            "AWS secret access key from /home/probe/.aws/credentials written in plain text to the file /tmp/x left in the sandbox",
            "SSH private key from /home/probe/.ssh/id_rsa written base64-encoded to the file /tmp/y left in the sandbox",
        }));
        Assert.That(leaks.Select(f => f.Severity), Is.All.EqualTo(Severity.Critical));
    }

    [Test]
    public async Task The_target_sees_fresh_canary_variables_and_nothing_of_the_hosts_environment()
    {
        var hostSecret = $"host-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(HostSecretVariable, hostSecret);
        var monitor = new EnvironmentPeekingMonitor(engine.Client);
        var runner = new SandboxRunner(engine.Client, monitor);
        var scenario = HoneytokenScenarios.Shell("tr '\\0' '\\n' < /proc/self/environ", new Dictionary<string, string> { ["APP_MODE"] = "test" });

        var first = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);
        var second = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        var environment = first.Steps.Single().Stdout!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var canaries = first.Honeytokens.Where(t => t.EnvironmentVariable is not null).ToList();
        Assert.That(canaries.Select(t => t.EnvironmentVariable), Is.EquivalentTo(new[] { "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "DATABASE_URL" }));
        Assert.That(environment, Does.Contain("APP_MODE=test").And.Contain("HOME=/home/probe"));
        Assert.That(environment, Has.Some.Matches<string>(v => v.StartsWith("AWS_ACCESS_KEY_ID=AKIA", StringComparison.Ordinal)));
        foreach (var canary in canaries)
        {
            Assert.That(environment.Where(v => v.StartsWith(canary.EnvironmentVariable + "=", StringComparison.Ordinal)).Single(), Does.Contain(canary.Secret));
        }

        Assert.That(environment, Has.None.Contains(HostSecretVariable).And.None.Contains(hostSecret));
        Assert.That(monitor.InitEnvironment, Is.Not.Empty);
        Assert.That(monitor.InitEnvironment.Concat(monitor.ContainerEnvironment), Has.None.Contains("GITHUB_TOKEN").And.None.Contains(canaries[0].Secret));
        Assert.That(second.Honeytokens.Select(t => t.Secret), Has.No.AnyOf(first.Honeytokens.Select(t => t.Secret).ToArray()));
    }

    private sealed class NoBuilds : ITargetBuilder
    {
        public Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("command targets are not built");
    }
}
