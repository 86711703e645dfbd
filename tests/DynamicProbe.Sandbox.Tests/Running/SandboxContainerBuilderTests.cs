using System.Text.RegularExpressions;
using Docker.DotNet;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class SandboxContainerBuilderTests
{
    private static readonly UserAccount Probe = new("probe", 1000, 1000, "/home/probe");

    private static SandboxContainerBuilder Builder() =>
        new SandboxContainerBuilder(new DockerClientConfiguration(new Uri("unix:///nonexistent.sock")).CreateClient())
            .WithImage("dynamicprobe/base")
            .WithLabels(SandboxLabels.For("run-1", "demo", new OwnerIdentity(42, 4242)));

    [Test]
    public void Defaults_are_the_full_lock_down()
    {
        var parameters = Builder().ToParameters();
        var host = parameters.HostConfig;

        Assert.That(host.NetworkMode, Is.EqualTo("none"));
        Assert.That(host.ReadonlyRootfs, Is.True);
        Assert.That(host.CapDrop, Is.EqualTo(new[] { "ALL" }));
        Assert.That(host.CapAdd, Is.Null.Or.Empty);
        Assert.That(host.Privileged, Is.False);
        Assert.That(host.SecurityOpt, Is.EqualTo(new[] { "no-new-privileges" }));
        Assert.That(host.Init, Is.False, "the image's own init is PID 1, not docker-init");
        Assert.That(host.CgroupnsMode, Is.EqualTo("private"));
        Assert.That(host.CgroupParent, Is.EqualTo("/dynamicprobe"));
        Assert.That(host.Memory, Is.EqualTo(512L * 1024 * 1024));
        Assert.That(host.MemorySwap, Is.EqualTo(host.Memory));
        Assert.That(host.NanoCPUs, Is.EqualTo(1_000_000_000));
        Assert.That(host.PidsLimit, Is.EqualTo(256));
        Assert.That(host.Tmpfs["/tmp"], Is.EqualTo("rw,exec,nosuid,nodev,size=67108864,mode=1777"));
        Assert.That(parameters.User, Is.EqualTo("1000:1000"));
        Assert.That(parameters.Entrypoint, Is.EqualTo(new[] { "/sbin/init" }));
        Assert.That(parameters.Env, Is.Empty);
    }

    [Test]
    public void A_command_of_its_own_runs_under_docker_init()
    {
        var parameters = Builder().WithCommand(["/usr/bin/catcher", "--port", "53"]).ToParameters();

        Assert.That(parameters.Entrypoint, Is.EqualTo(new[] { "/usr/bin/catcher", "--port", "53" }));
        Assert.That(parameters.HostConfig.Init, Is.True);
    }

    [Test]
    public void Limits_home_binds_and_environment_are_as_asked()
    {
        var parameters = Builder()
            .WithMemory(64L * 1024 * 1024)
            .WithCpus(0.5)
            .WithPidsLimit(32)
            .WithHome(Probe, 1024 * 1024)
            .WithReadOnlyBind("/tmp/with,comma:colon", "/work")
            .WithEnvironment(new Dictionary<string, string> { ["A"] = "1=2" })
            .WithWorkingDirectory("/work")
            .ToParameters();
        var host = parameters.HostConfig;

        Assert.That(host.Memory, Is.EqualTo(64L * 1024 * 1024));
        Assert.That(host.MemorySwap, Is.EqualTo(64L * 1024 * 1024));
        Assert.That(host.NanoCPUs, Is.EqualTo(500_000_000));
        Assert.That(host.PidsLimit, Is.EqualTo(32));
        Assert.That(host.Tmpfs["/home/probe"], Is.EqualTo("rw,exec,nosuid,nodev,size=1048576,mode=0700,uid=1000,gid=1000"));
        var bind = host.Mounts.Single();
        Assert.That((bind.Type, bind.Source, bind.Target, bind.ReadOnly), Is.EqualTo(("bind", "/tmp/with,comma:colon", "/work", true)));
        Assert.That(parameters.Env, Is.EqualTo(new[] { "A=1=2" }));
        Assert.That(parameters.WorkingDir, Is.EqualTo("/work"));
    }

    [Test]
    public void Labels_name_the_run_the_owner_and_the_scenario()
    {
        var labels = Builder().ToParameters().Labels;

        Assert.That(labels["dynamicprobe.run"], Is.EqualTo("run-1"));
        Assert.That(labels["dynamicprobe.owner"], Is.EqualTo("42:4242"));
        Assert.That(labels["dynamicprobe.scenario"], Is.EqualTo("demo"));
    }

    [Test]
    public void A_container_without_owner_labels_is_refused()
    {
        var builder = new SandboxContainerBuilder(new DockerClientConfiguration(new Uri("unix:///nonexistent.sock")).CreateClient()).WithImage("x");

        Assert.That(() => builder.ToParameters(), Throws.InvalidOperationException.With.Message.Contains("labels"));
    }

    [Test]
    public void Joining_a_pod_uses_its_network_namespace() =>
        Assert.That(Builder().WithNetworkOf("abc123").ToParameters().HostConfig.NetworkMode, Is.EqualTo("container:abc123"));

    [Test]
    public void Identity_files_replace_dockers_own()
    {
        var mounts = Builder().WithIdentityFiles(new IdentityFiles("/s/hosts", "/s/hostname", "/s/resolv.conf")).ToParameters().HostConfig.Mounts;

        Assert.That(mounts.Select(m => (m.Source, m.Target, m.ReadOnly)), Is.EqualTo(new[]
        {
            ("/s/hosts", "/etc/hosts", true), ("/s/hostname", "/etc/hostname", true), ("/s/resolv.conf", "/etc/resolv.conf", true),
        }));
    }

    [Test]
    public void The_default_hostname_is_stable_and_never_a_container_id()
    {
        var hostname = Builder().ToParameters().Hostname;

        Assert.That(hostname, Does.Match("^[a-z0-9-]+$"));
        Assert.That(Builder().ToParameters().Hostname, Is.EqualTo(hostname));
        Assert.That(Regex.IsMatch(hostname, "^[0-9a-f]{12}$"), Is.False);
    }
}
