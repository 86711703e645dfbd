using System.Diagnostics;
using System.Text.RegularExpressions;
using Docker.DotNet;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Build;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;
using static DynamicProbe.Integration.Tests.Running.TestScenarios;

namespace DynamicProbe.Integration.Tests.Docker;

/// <summary>
/// What malware checks to notice a container (DESIGN.md decision 6), checked the way it does it, from inside sandboxes
/// made by the real <see cref="SandboxRunner"/>: a shell in the base image and a .NET program in dynamicprobe/dotnet
/// (mounted at /app from the real build cache), each under <c>network: none</c> and <c>network: sinkhole</c>.
/// Every file read and every check gets its own test per sandbox.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SandboxGiveawayTests
{
    private const string ScenarioName = "giveaway-hunt";

    /// <summary>Lines of the files read are joined with '|' so each check is one "key=value" line.</summary>
    private const string ShellProbe = """
        flat() { if [ -r "$1" ]; then tr '\n\000' '| ' < "$1" | sed 's/|$//'; echo; else echo unreadable; fi; }
        echo "dockerenv=$([ -e /.dockerenv ] && echo present || echo absent)"
        echo "containerenv=$([ -e /run/.containerenv ] && echo present || echo absent)"
        echo "hostname=$(cat /proc/sys/kernel/hostname)"
        echo "etc_hostname=$(cat /etc/hostname)"
        for f in mountinfo:/proc/self/mountinfo cgroup1:/proc/1/cgroup cgroup_self:/proc/self/cgroup sched1:/proc/1/sched \
            environ1:/proc/1/environ environ_self:/proc/self/environ comm1:/proc/1/comm cmdline1:/proc/1/cmdline; do
          printf '%s=' "${f%%:*}"; flat "${f#*:}"
        done
        echo "env=$(env | tr '\n' '|')"
        echo "tracerpid=$(awk '/^TracerPid/{print $2}' /proc/self/status)"
        echo "processes=$(cat /proc/[0-9]*/comm 2>/dev/null | tr '\n' ' ')"
        """;

    private const string DotnetProbe = """
        using System.Collections;
        static string Read(string path)
        {
            try { return File.ReadAllText(path).TrimEnd('\n').Replace('\n', '|').Replace('\0', ' '); }
            catch (UnauthorizedAccessException) { return "unreadable"; }
        }
        static string Comm(string folder)
        {
            try { return File.ReadAllText(Path.Combine(folder, "comm")).Trim(); }
            catch (IOException) { return ""; }
        }
        Console.WriteLine($"dockerenv={(File.Exists("/.dockerenv") ? "present" : "absent")}");
        Console.WriteLine($"containerenv={(File.Exists("/run/.containerenv") ? "present" : "absent")}");
        Console.WriteLine($"hostname={System.Net.Dns.GetHostName()}");
        Console.WriteLine($"etc_hostname={Read("/etc/hostname")}");
        foreach (var (key, path) in new[]
        {
            ("mountinfo", "/proc/self/mountinfo"), ("cgroup1", "/proc/1/cgroup"), ("cgroup_self", "/proc/self/cgroup"),
            ("sched1", "/proc/1/sched"), ("environ1", "/proc/1/environ"), ("environ_self", "/proc/self/environ"),
            ("comm1", "/proc/1/comm"), ("cmdline1", "/proc/1/cmdline"),
        })
        {
            Console.WriteLine($"{key}={Read(path)}");
        }
        Console.WriteLine($"env={string.Join('|', Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}"))}");
        Console.WriteLine($"tracerpid={File.ReadLines("/proc/self/status").First(l => l.StartsWith("TracerPid:"))["TracerPid:".Length..].Trim()}");
        Console.WriteLine($"processes={string.Join(' ', Directory.GetDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Select(Comm))}");
        """;

    public static readonly string[] Sandboxes = ["shell, none", "shell, sinkhole", ".NET, none", ".NET, sinkhole"];

    /// <summary>Files and views malware greps for "docker" (and that must not name this tool either).</summary>
    public static readonly string[] NamedViews = ["mountinfo", "cgroup1", "cgroup_self", "sched1", "environ1", "environ_self", "env", "comm1", "cmdline1", "hostname", "etc_hostname"];

    public static IEnumerable<TestCaseData> ViewsOfEverySandbox() =>
        Sandboxes.SelectMany(sandbox => NamedViews.Select(view => new TestCaseData(sandbox, view)));

    private readonly Dictionary<string, Dictionary<string, string>> seen = new(StringComparer.Ordinal);
    private DirectoryInfo work = null!;
    private string? cacheEntry;

    [OneTimeSetUp]
    public async Task RunTheProbesAsync()
    {
        work = Directory.CreateTempSubdirectory("giveaway-probe-");
        var target = await PublishIntoTheBuildCacheAsync();
        using var engine = DockerEngine.FromEnvironment();
        IDockerClient docker = engine.Client;
        var runner = new SandboxRunner(docker, SharedMonitor.Monitor);
        foreach (var sandbox in Sandboxes)
        {
            var network = sandbox.EndsWith("sinkhole", StringComparison.Ordinal) ? NetworkMode.Sinkhole : NetworkMode.None;
            var dotnet = sandbox.StartsWith(".NET", StringComparison.Ordinal);
            var outcome = await runner.RunAsync(Probe(network, dotnet), dotnet ? target : null, NoProgress.Instance, CancellationToken.None);
            var step = outcome.Steps.Single();
            Assert.That(step.Succeeded, Is.True, $"{sandbox}: {step.Detail} {step.Stderr}");
            seen[sandbox] = step.Stdout!.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1].Trim() : string.Empty, StringComparer.Ordinal);
        }
    }

    [OneTimeTearDown]
    public void RemoveTheProbe()
    {
        work.Delete(recursive: true);
        if (cacheEntry is not null)
        {
            Directory.Delete(cacheEntry, recursive: true);
        }
    }

    [TestCaseSource(nameof(Sandboxes))]
    public void No_dockerenv(string sandbox) => Assert.That(seen[sandbox]["dockerenv"], Is.EqualTo("absent"));

    [TestCaseSource(nameof(Sandboxes))]
    public void No_podman_containerenv(string sandbox) => Assert.That(seen[sandbox]["containerenv"], Is.EqualTo("absent"));

    [TestCaseSource(nameof(ViewsOfEverySandbox))]
    public void Names_neither_docker_nor_this_tool(string sandbox, string view)
    {
        Assert.That(seen[sandbox][view], Does.Not.Contain("docker").IgnoreCase);
        Assert.That(seen[sandbox][view], Does.Not.Contain("dynamicprobe").IgnoreCase);
    }

    [TestCaseSource(nameof(Sandboxes))]
    public void Cgroup_files_show_the_root_of_a_private_namespace(string sandbox)
    {
        foreach (var view in new[] { "cgroup1", "cgroup_self" })
        {
            var paths = seen[sandbox][view].Split('|').Select(line => line.Split(':', 3)[2]).Distinct();
            Assert.That(paths, Is.EqualTo(new[] { "/" }), view);
        }
    }

    /// <summary>The host path behind each bind mount is the mount's root in mountinfo (the 4th field).</summary>
    [TestCaseSource(nameof(Sandboxes))]
    public void Bind_mount_sources_are_neutral_host_paths(string sandbox)
    {
        var roots = seen[sandbox]["mountinfo"].Split('|')
            .Select(line => line.Split(' '))
            .ToDictionary(fields => fields[4], fields => fields[3], StringComparer.Ordinal);
        var binds = sandbox.StartsWith(".NET", StringComparison.Ordinal)
            ? new[] { "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", BuiltTarget.MountPoint }
            : ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"];

        foreach (var bind in binds)
        {
            Assert.That(roots, Does.ContainKey(bind));
            Assert.That(roots[bind], Does.Not.Contain("docker").IgnoreCase.And.Not.Contain("dynamicprobe").IgnoreCase, bind);
        }
    }

    [TestCaseSource(nameof(Sandboxes))]
    public void Pid_1_is_an_init(string sandbox)
    {
        Assert.That(seen[sandbox]["comm1"], Is.EqualTo("init"));
        Assert.That(seen[sandbox]["cmdline1"], Does.StartWith("init"));
        Assert.That(seen[sandbox]["sched1"], Does.StartWith("init (1, "));
    }

    [TestCaseSource(nameof(Sandboxes))]
    public void No_tracer_is_visible(string sandbox)
    {
        Assert.That(seen[sandbox]["tracerpid"], Is.EqualTo("0"));
        var processes = seen[sandbox]["processes"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(processes, Does.Contain("init"));
        Assert.That(processes, Has.None.Match("bpftrace|strace|gdb|docker|tini|dynamicprobe|dotnet-sinkhole|DynamicProbe"));
    }

    [TestCaseSource(nameof(Sandboxes))]
    public void Hostname_is_the_scenarios_own_realistic_name(string sandbox)
    {
        Assert.That(seen[sandbox]["hostname"], Is.EqualTo(HostnameGenerator.For(ScenarioName)));
        Assert.That(seen[sandbox]["etc_hostname"], Is.EqualTo(seen[sandbox]["hostname"]));
        Assert.That(Regex.IsMatch(seen[sandbox]["hostname"], "^[0-9a-f]{12}$"), Is.False);
    }

    private static Scenario Probe(NetworkMode network, bool dotnet)
    {
        var scenario = Command(["/bin/sh", "-c", ShellProbe], [new RunStep(At(10), 0, null, null)]);
        return scenario with
        {
            Name = ScenarioName,
            Target = dotnet ? new TargetSpec("/tests/GiveawayProbe/GiveawayProbe.csproj", TargetSpec.DefaultConfiguration, [], null, null) : scenario.Target,
            Sandbox = scenario.Sandbox with
            {
                Image = dotnet ? "dynamicprobe/dotnet" : SandboxTestImages.Base,
                Network = network,
                Timeout = TimeSpan.FromSeconds(90),
                Honeytokens = true,
            },
        };
    }

    /// <summary>
    /// Publishes the .NET probe (a test program that only reads and prints) and stores it where the build cache keeps
    /// builds, so /app is mounted from the very place a real run mounts it from.
    /// </summary>
    private async Task<BuiltTarget> PublishIntoTheBuildCacheAsync()
    {
        var source = work.CreateSubdirectory("src").FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "Program.cs"), DotnetProbe);
        await File.WriteAllTextAsync(Path.Combine(source, "GiveawayProbe.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        var output = Path.Combine(work.FullName, "out");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = source };
        foreach (var argument in (string[])["publish", "-c", "Release", "-o", output, "--nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using (var publish = Process.Start(start)!)
        {
            var log = publish.StandardOutput.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.That(publish.ExitCode, Is.Zero, await log);
        }

        var key = $"test-giveaways-{Guid.NewGuid():N}";
        var recording = new PhaseRecording(Phase.Build, [], MonitorHealth.Healthy);
        var target = await BuildCache.Default().StoreAsync(key, output, "GiveawayProbe", new BuildOutcome(null, recording, "dynamicprobe/sdk", "", false), CancellationToken.None);
        cacheEntry = Path.GetDirectoryName(target.PublishFolder);
        return target;
    }
}
