using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class ContainerCgroupTests
{
    private DirectoryInfo root = null!;

    [SetUp]
    public void CreateFakeCgroupTree() => root = Directory.CreateTempSubdirectory("dynamicprobe-cgroup-");

    [TearDown]
    public void RemoveFakeCgroupTree() => root.Delete(recursive: true);

    [Test]
    public void Cgroup_v1_counters_are_read()
    {
        Write("memory/dynamicprobe/abc/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        Write("pids/dynamicprobe/abc/pids.events", "max 193\n");

        var cgroup = new ContainerCgroup("abc", root.FullName);

        Assert.That(cgroup.OomKills(), Is.EqualTo(2));
        Assert.That(cgroup.PidsLimitHits(), Is.EqualTo(193));
    }

    [Test]
    public void Cgroup_v2_counters_are_read()
    {
        Write("dynamicprobe/abc/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
        Write("dynamicprobe/abc/pids.events", "max 0\n");

        var cgroup = new ContainerCgroup("abc", root.FullName);

        Assert.That(cgroup.OomKills(), Is.EqualTo(1));
        Assert.That(cgroup.PidsLimitHits(), Is.EqualTo(0));
    }

    [Test]
    public void Cgroup_v1_peak_memory_and_cpu_time_are_read()
    {
        Write("memory/dynamicprobe/abc/memory.max_usage_in_bytes", "67100672\n");
        Write("cpuacct/dynamicprobe/abc/cpuacct.usage", "2500000000\n");

        var cgroup = new ContainerCgroup("abc", root.FullName);

        Assert.That(cgroup.PeakMemoryBytes(), Is.EqualTo(67100672));
        Assert.That(cgroup.CpuSeconds(), Is.EqualTo(2.5));
    }

    [Test]
    public void Cgroup_v2_peak_memory_and_cpu_time_are_read()
    {
        Write("dynamicprobe/abc/memory.peak", "1048576\n");
        Write("dynamicprobe/abc/cpu.stat", "usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n");

        var cgroup = new ContainerCgroup("abc", root.FullName);

        Assert.That(cgroup.PeakMemoryBytes(), Is.EqualTo(1048576));
        Assert.That(cgroup.CpuSeconds(), Is.EqualTo(1.5));
    }

    [Test]
    public void Missing_figures_are_unknown_not_zero()
    {
        var cgroup = new ContainerCgroup("gone", root.FullName);

        Assert.That(cgroup.PeakMemoryBytes(), Is.Null);
        Assert.That(cgroup.CpuSeconds(), Is.Null);
    }

    [Test]
    public void Missing_counters_are_unknown_not_zero() => Assert.That(new ContainerCgroup("gone", root.FullName).OomKills(), Is.Null);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
