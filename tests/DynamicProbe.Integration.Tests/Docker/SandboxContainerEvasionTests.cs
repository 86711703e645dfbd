using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Integration.Tests.Docker;

/// <summary>
/// From inside a sandbox, what a target could check to notice it is in Docker (DESIGN.md decision 6) is hidden, and
/// the lock-down (decision 3) holds.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SandboxContainerEvasionTests
{
    private const string Hostname = "web-prod-03";

    // Each line is "key=value" so the test can assert every check separately.
    private const string Probe = """
        echo "dockerenv=$([ -e /.dockerenv ] && echo present || echo absent)"
        echo "hostname=$(cat /proc/sys/kernel/hostname)"
        echo "etc_hostname=$(cat /etc/hostname)"
        echo "cgroup_paths=$(cut -d: -f3 /proc/1/cgroup | sort -u | tr '\n' ' ')"
        echo "mountinfo_container_files=$(grep -c /var/lib/docker/containers /proc/self/mountinfo)"
        echo "pid1_is_app=$([ "$(cat /proc/1/comm)" = sh ] && echo yes || echo no)"
        echo "capeff=$(awk '/^CapEff/{print $2}' /proc/self/status)"
        echo "nonewprivs=$(awk '/^NoNewPrivs/{print $2}' /proc/self/status)"
        echo "seccomp=$(awk '/^Seccomp:/{print $2}' /proc/self/status)"
        echo "uid=$(id -u)"
        echo "rootfs=$(touch /probe-write 2>/dev/null && echo writable || echo readonly)"
        echo "tmp=$(touch /tmp/probe-write 2>/dev/null && echo writable || echo readonly)"
        echo "home=$(touch "$HOME/probe-write" 2>/dev/null && echo writable || echo readonly)"
        echo "netifs=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\n' ' ')"
        echo "hosts_names_us=$(grep -c "$(cat /proc/sys/kernel/hostname)" /etc/hosts)"
        echo "resolver=$(awk '/^nameserver/{print $2}' /etc/resolv.conf)"
        echo "env_keys=$(env | cut -d= -f1 | sort | tr '\n' ' ')"
        """;

    private Dictionary<string, string> seen = null!;

    [OneTimeSetUp]
    public async Task RunProbeInsideASandbox()
    {
        using var engine = DockerEngine.FromEnvironment();
        var owner = OwnerIdentity.Current();
        await using var scratch = ScratchFolder.Create(ScratchFolder.DefaultRoot, $"test-{Guid.NewGuid():N}", owner);
        var identity = await IdentityFiles.WriteAsync(Path.Combine(scratch.Path, "etc"), Hostname, IdentityFiles.DefaultResolvConf, CancellationToken.None);
        var probe = new UserAccount("probe", 1000, 1000, "/home/probe");
        await using var container = new SandboxContainerBuilder(engine.Client)
            .WithImage(SandboxTestImages.Base)
            .WithLabels(TestLabels.ForTest("evasion"))
            .WithUser(UserAccount.Root)
            .WithHome(probe, 16 * 1024 * 1024)
            .WithHostname(Hostname)
            .WithIdentityFiles(identity)
            .WithEnvironment(new Dictionary<string, string> { ["APP_MODE"] = "live" })
            .Build();
        await container.CreateAsync(CancellationToken.None);
        await container.StartAsync(CancellationToken.None);
        await using var process = await container.ExecAsync(new ExecRequest(["/bin/sh", "-c", Probe], probe, "/"), 64 * 1024, CancellationToken.None);
        var result = await process.WaitForExitAsync(CancellationToken.None);
        seen = result.Stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1].Trim() : string.Empty);
    }

    [Test]
    public void Dockerenv_is_gone() => Assert.That(seen["dockerenv"], Is.EqualTo("absent"));

    [Test]
    public void Hostname_is_the_chosen_one_everywhere()
    {
        Assert.That(seen["hostname"], Is.EqualTo(Hostname));
        Assert.That(seen["etc_hostname"], Is.EqualTo(Hostname));
        Assert.That(seen["hosts_names_us"], Is.Not.EqualTo("0"));
    }

    [Test]
    public void Cgroup_namespace_is_private() => Assert.That(seen["cgroup_paths"], Is.EqualTo("/"));

    [Test]
    public void Dockers_generated_etc_files_are_not_mounted() => Assert.That(seen["mountinfo_container_files"], Is.EqualTo("0"));

    [Test]
    public void Resolver_is_ours() => Assert.That(seen["resolver"], Is.EqualTo("10.0.0.2"));

    [Test]
    public void The_probe_is_not_pid_1() => Assert.That(seen["pid1_is_app"], Is.EqualTo("no"));

    [Test]
    public void No_capabilities_and_no_new_privileges_under_seccomp()
    {
        Assert.That(seen["capeff"], Is.EqualTo("0000000000000000"));
        Assert.That(seen["nonewprivs"], Is.EqualTo("1"));
        Assert.That(seen["seccomp"], Is.EqualTo("2"));
    }

    [Test]
    public void Runs_as_the_unprivileged_user() => Assert.That(seen["uid"], Is.EqualTo("1000"));

    [Test]
    public void Only_tmp_and_home_are_writable()
    {
        Assert.That(seen["rootfs"], Is.EqualTo("readonly"));
        Assert.That(seen["tmp"], Is.EqualTo("writable"));
        Assert.That(seen["home"], Is.EqualTo("writable"));
    }

    [Test]
    public void Only_loopback_exists() => Assert.That(seen["netifs"], Is.EqualTo("lo"));

    [Test]
    public void Environment_holds_nothing_from_the_host()
    {
        var keys = seen["env_keys"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(keys, Is.SubsetOf(new[] { "APP_MODE", "HOME", "HOSTNAME", "PATH", "PWD" }));
        Assert.That(keys, Does.Contain("APP_MODE"));
    }
}
