using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Core.Events;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Network;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Network;

/// <summary>
/// The pod on the real engine: a target joined to the net container reaches nothing but the catcher, loopback stays
/// loopback, and the catcher's death or a dead run's pod are handled.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SinkholePodTests
{
    private static readonly UserAccount Probe = new("probe", 1000, 1000, "/home/probe");
    private static readonly PhaseRecording NothingRecorded = new(Phase.Run, [], MonitorHealth.Healthy);

    private DockerEngine engine = null!;
    private ScratchFolder scratch = null!;

    [SetUp]
    public void Connect()
    {
        engine = DockerEngine.FromEnvironment();
        scratch = ScratchFolder.Create(ScratchFolder.DefaultRoot, $"test-pod-{Guid.NewGuid():N}", OwnerIdentity.Current());
    }

    [TearDown]
    public async Task Disconnect()
    {
        await scratch.DisposeAsync();
        engine.Dispose();
    }

    [Test]
    public async Task Nothing_leaves_the_namespace_and_a_connect_anywhere_reaches_the_catcher_with_its_destination()
    {
        await using var pod = await StartPodAsync(TestLabels.ForTest("pod-test"));
        await using var target = await StartTargetAsync(pod);
        var countersBefore = await InterfaceCountersAsync(pod.NamespacePid);

        var inside = await ExecAsync(target, "cat /proc/net/route; echo ---; ls /sys/class/net; echo ---; "
            + "perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(PeerAddr => q{203.0.113.5:443}) or die qq{connect: $!}; print $s q{hello-sinkhole}; close $s; print qq{sent\\n}'");

        var parts = inside.Split("---\n");
        Assert.That(parts[0].Trim().Split('\n'), Has.Length.EqualTo(1), "the target's main routing table holds a route: " + parts[0]);
        Assert.That(parts[1].Trim(), Is.EqualTo("lo"));
        Assert.That(parts[2].Trim(), Is.EqualTo("sent"));

        var links = await InNamespaceAsync(pod.NamespacePid, "ip", "-o", "link", "show");
        Assert.That(links.Trim().Split('\n').Select(l => l.Split(':')[1].Trim()), Is.EqualTo(new[] { "lo" }));
        var routes = await InNamespaceAsync(pod.NamespacePid, "ip", "route", "show", "table", "all");
        Assert.That(routes.Trim().Split('\n'), Has.All.Contains(" dev lo "), "a route leads elsewhere than lo:\n" + routes);
        Assert.That(routes, Does.Contain("local default dev lo table local"));

        var countersAfter = await InterfaceCountersAsync(pod.NamespacePid);
        Assert.That(countersAfter.Keys, Is.EqualTo(new[] { "lo" }), "the namespace has an interface besides lo");
        Assert.That(countersAfter["lo"], Is.GreaterThan(countersBefore["lo"]), "the connect did not go through lo");

        var rejected = await InNamespaceAsync(pod.NamespacePid, "iptables", "-t", "filter", "-L", "OUTPUT", "-v", "-n", "-x");
        var rejectRule = rejected.Split('\n').Single(l => l.Contains("REJECT", StringComparison.Ordinal));
        Assert.That(rejectRule.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], Is.EqualTo("0"), "a packet tried to leave by another interface");

        var recording = await pod.AddCapturesAsync(NothingRecorded, CancellationToken.None);
        Assert.That(recording.Health.IsComplete, Is.True, recording.Health.Problem);
        var capture = recording.Events.OfType<SinkholeCaptureEvent>().Single();
        Assert.That((capture.Protocol, capture.Address, capture.Port), Is.EqualTo(("tcp", "203.0.113.5", 443)));
        Assert.That(Encoding.ASCII.GetString(Convert.FromBase64String(capture.FirstBytesBase64)), Is.EqualTo("hello-sinkhole"));
        Assert.That(capture.Pid, Is.Zero, "with no monitor events, nothing can be attributed");
    }

    [Test]
    public async Task The_namespace_holds_exactly_the_sinkhole_rules()
    {
        await using var pod = await StartPodAsync(TestLabels.ForTest("pod-test"));

        var ipv4 = await InNamespaceAsync(pod.NamespacePid, "iptables-save");
        var ipv6 = await InNamespaceAsync(pod.NamespacePid, "ip6tables-save");

        var ports = SinkholePorts.Default;
        Assert.That(Rules(ipv4), Is.EqualTo(new[]
        {
            "-A OUTPUT ! -o lo -j REJECT --reject-with icmp-port-unreachable",
            "-A OUTPUT -d 127.0.0.0/8 -j RETURN",
            $"-A OUTPUT -p udp -m udp --dport 53 -j REDIRECT --to-ports {ports.Dns}",
            $"-A OUTPUT -p tcp -j REDIRECT --to-ports {ports.Tcp}",
            $"-A OUTPUT -p udp -j DNAT --to-destination :{ports.Udp}",
        }));
        Assert.That(Rules(ipv6), Is.EqualTo(new[] { "-A OUTPUT ! -o lo -j REJECT --reject-with icmp6-port-unreachable" }));
    }

    [Test]
    public async Task A_service_probing_itself_on_loopback_is_not_redirected_and_the_target_has_the_pods_hostname()
    {
        await using var pod = await StartPodAsync(TestLabels.ForTest("pod-test"));
        await using var target = await StartTargetAsync(pod);

        var answer = await ExecAsync(target,
            "hostname; perl -MIO::Socket::INET -e '$l = IO::Socket::INET->new(LocalAddr => q{127.0.0.1:8080}, Listen => 1, ReuseAddr => 1) or die qq{listen: $!}; "
            + "if (fork) { $c = $l->accept; print $c qq{from-the-service\\n}; close $c; wait; exit } "
            + "$s = IO::Socket::INET->new(PeerAddr => q{127.0.0.1:8080}) or die qq{connect: $!}; print scalar <$s>'");

        Assert.That(answer, Is.EqualTo("netbox-test\nfrom-the-service\n"));
        var recording = await pod.AddCapturesAsync(NothingRecorded, CancellationToken.None);
        Assert.That(recording.Events.OfType<SinkholeCaptureEvent>(), Is.Empty);
    }

    [Test]
    public async Task A_catcher_that_dies_makes_the_recording_incomplete()
    {
        await using var pod = await StartPodAsync(TestLabels.ForTest("pod-test"));

        await engine.Client.Containers.KillContainerAsync(pod.NetContainerId, new ContainerKillParameters { Signal = "KILL" });
        var recording = await pod.AddCapturesAsync(NothingRecorded, CancellationToken.None);

        Assert.That(recording.Health.IsComplete, Is.False);
        Assert.That(recording.Health.Failure, Does.Contain("exited during the run").And.Contain("without its stopped record"));
    }

    [Test]
    public async Task The_pod_of_a_dead_run_is_reaped()
    {
        var me = OwnerIdentity.Current();
        var dead = me with { StartTime = me.StartTime + 1 };
        await using var pod = await StartPodAsync(SandboxLabels.For($"test-{Guid.NewGuid():N}", "pod-test", dead));
        var reapRoot = Directory.CreateTempSubdirectory("dynamicprobe-pod-reap-");
        try
        {
            var report = await new Reaper(engine.Client, reapRoot.FullName).ReapAsync(CancellationToken.None);

            Assert.That(report.Containers, Does.Contain(pod.NetContainerId));
            Assert.ThrowsAsync<DockerContainerNotFoundException>(() => engine.Client.Containers.InspectContainerAsync(pod.NetContainerId));
        }
        finally
        {
            reapRoot.Delete(recursive: true);
        }
    }

    private Task<SinkholePod> StartPodAsync(IReadOnlyDictionary<string, string> labels) =>
        SinkholePod.StartAsync(
            engine.Client,
            $"dynamicprobe-test-{Guid.NewGuid():N}-net",
            labels,
            "netbox-test",
            Path.Combine(scratch.Path, "sinkhole"),
            new SinkholePodOptions(CatcherFolder: PublishedCatcher.Folder),
            CancellationToken.None);

    private async Task<SandboxContainer> StartTargetAsync(SinkholePod pod)
    {
        var identity = await IdentityFiles.WriteAsync(Path.Combine(scratch.Path, "etc"), "netbox-test", IdentityFiles.DefaultResolvConf, CancellationToken.None);
        var target = new SandboxContainerBuilder(engine.Client)
            .WithImage(SandboxTestImages.Base)
            .WithName($"dynamicprobe-test-{Guid.NewGuid():N}")
            .WithLabels(TestLabels.ForTest("pod-test"))
            .WithUser(UserAccount.Root)
            .WithIdentityFiles(identity)
            .WithNetworkOf(pod.NetContainerId)
            .Build();
        await target.CreateAsync(CancellationToken.None);
        await target.StartAsync(CancellationToken.None);
        return target;
    }

    private static async Task<string> ExecAsync(SandboxContainer target, string script)
    {
        await using var process = await target.ExecAsync(new ExecRequest(["/bin/sh", "-c", script], Probe, "/tmp"), 64 * 1024, CancellationToken.None);
        var result = await process.WaitForExitAsync(CancellationToken.None);
        Assert.That(result.ExitCode, Is.Zero, result.Stderr.Text);
        return result.Stdout.Text;
    }

    private static Task<string> InNamespaceAsync(int namespacePid, params string[] argv) =>
        HostCommand.RunAsync([.. NamespaceFirewall.Enter(namespacePid), .. argv], null, TimeSpan.FromSeconds(30), CancellationToken.None);

    /// <summary>Transmitted packets per interface of the namespace, read from the host.</summary>
    private static async Task<Dictionary<string, long>> InterfaceCountersAsync(int namespacePid)
    {
        var lines = await File.ReadAllLinesAsync($"/proc/{namespacePid}/net/dev");
        return lines.Skip(2)
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0].Trim(), p => long.Parse(p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[9], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static IEnumerable<string> Rules(string save) =>
        save.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal));
}
