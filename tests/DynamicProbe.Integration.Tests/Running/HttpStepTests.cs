using System.Net;
using System.Net.Sockets;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Running;

/// <summary>
/// The http step's client in a real sandbox, watched by the real monitor: its request reaches a server listening on
/// the sandbox's own loopback (not the host's), and the recording holds the server's side only, never the client's.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HttpStepTests
{
    private const int Port = 8181;

    /// <summary>A tiny HTTP server in the base image: answers 201 with the request line, one header and the body it got.</summary>
    private static readonly string Server =
        "use IO::Socket::INET; $| = 1; "
        + $"my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => {Port}, Listen => 5, ReuseAddr => 1) or die \"listen: $!\"; "
        + "while (my $c = $s->accept) { my $req = ''; while (my $l = <$c>) { $req .= $l; last if $l eq \"\\r\\n\"; } "
        + "my ($len) = $req =~ /Content-Length: (\\d+)/i; my $body = ''; read($c, $body, $len) if $len; "
        + "my ($line) = split /\\r\\n/, $req; my $probe = $req =~ /X-Probe: (\\S+)/ ? $1 : '-'; "
        + "my $out = \"seen: $line; probe: $probe; body: $body\"; "
        + "print $c \"HTTP/1.1 201 Created\\r\\nContent-Type: text/plain\\r\\nContent-Length: \" . length($out) . \"\\r\\nConnection: close\\r\\n\\r\\n$out\"; close $c; }";

    [Test]
    public async Task The_request_reaches_the_sandboxs_loopback_and_only_the_servers_side_is_recorded()
    {
        using var engine = DockerEngine.FromEnvironment();
        var runner = new SandboxRunner(engine.Client, SharedMonitor.Monitor);
        var post = new HttpStep(
            At(12),
            "POST",
            new Uri($"http://localhost:{Port}/orders?id=7"),
            "sku=A-1",
            new Dictionary<string, string> { ["X-Probe"] = "abc123", ["Content-Type"] = "text/plain" },
            201,
            "probe: abc123; body: sku=A-1",
            TimeSpan.FromSeconds(10));
        var scenario = Command(["/usr/bin/perl", "-e", Server],
        [
            new StartStep(At(10)),
            new WaitForStep(At(11), Port, TimeSpan.FromSeconds(20)),
            post,
            new StopStep(At(13), "TERM", TimeSpan.FromSeconds(5)),
        ]);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        Assert.That(outcome.Steps.Select(s => s.Succeeded), Is.All.True, string.Join("\n", outcome.Steps.Select(s => s.Detail)));
        var http = outcome.Steps[2].Http!;
        Assert.That(http.Status, Is.EqualTo(201));
        Assert.That(http.BodyPrefix, Is.EqualTo("seen: POST /orders?id=7 HTTP/1.1; probe: abc123; body: sku=A-1"));
        Assert.That(outcome.Recording.Health.IsComplete, Is.True, outcome.Recording.Health.Problem);
        var network = outcome.Recording.Events.OfType<NetworkEvent>().ToList();
        Assert.That(network.Where(n => n.Operation == NetworkOperation.Listen).Select(n => n.Port), Does.Contain(Port), "the server's listen is recorded");
        Assert.That(network.Where(n => n.Operation is NetworkOperation.Connect or NetworkOperation.SendTo), Is.Empty,
            "the client's connect and sends are ours and never in the recording");

        // The steps' bounds are on the events' clock: the server's exec falls in the start step, its listen before the http step.
        var timeline = new StepTimeline(outcome.Steps);
        var exec = outcome.Recording.Events.OfType<ProcessExecEvent>().First(e => e.Path == "/usr/bin/perl");
        Assert.That(timeline.Locate(exec.Time), Is.EqualTo(new StepRef(0, "start", 10)));
        var listen = network.First(n => n.Operation == NetworkOperation.Listen);
        Assert.That(timeline.Locate(listen.Time).Index, Is.LessThan(2));
        Assert.That(outcome.Steps.Zip(outcome.Steps.Skip(1)).All(p => p.First.Ended <= p.Second.Started), Is.True);
    }

    [Test]
    public async Task A_port_open_only_on_the_hosts_loopback_is_refused_in_the_sandbox()
    {
        using var host = new TcpListener(IPAddress.Loopback, 0);
        host.Start();
        var hostPort = ((IPEndPoint)host.LocalEndpoint).Port;
        using var engine = DockerEngine.FromEnvironment();
        var runner = new SandboxRunner(engine.Client, SharedMonitor.Monitor);
        var get = new HttpStep(At(12), "GET", new Uri($"http://127.0.0.1:{hostPort}/"), null, new Dictionary<string, string>(), null, null, TimeSpan.FromSeconds(10));
        var scenario = Command(["/usr/bin/perl", "-e", Server],
            [new StartStep(At(10)), new WaitForStep(At(11), Port, TimeSpan.FromSeconds(20)), get]);

        var outcome = await runner.RunAsync(scenario, null, NoProgress.Instance, CancellationToken.None);

        var step = outcome.Steps.Last();
        Assert.That(step.Step, Is.SameAs(get));
        Assert.That(step.Succeeded, Is.False);
        Assert.That(step.Detail, Does.Contain("connection refused"));
        Assert.That(step.Http!.Status, Is.Null);
        Assert.That(host.Pending(), Is.False, "nothing reached the host's own loopback");
    }
}
