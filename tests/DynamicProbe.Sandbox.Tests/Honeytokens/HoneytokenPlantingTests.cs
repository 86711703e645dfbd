using System.Diagnostics;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Tests.Honeytokens;

/// <summary>
/// Planting into a home reached through <c>/proc/&lt;pid&gt;/root</c>, here this test process's own root, the way the
/// runner reaches a container's. Changing owners needs root, as DynamicProbe itself does.
/// </summary>
[TestFixture]
public sealed class HoneytokenPlantingTests
{
    private DirectoryInfo home = null!;

    private UserAccount User => new("probe", 1000, 1000, home.FullName);

    [SetUp]
    public void CreateHome() => home = Directory.CreateTempSubdirectory("dynamicprobe-home-");

    [TearDown]
    public void RemoveHome() => home.Delete(recursive: true);

    [Test]
    public async Task Canary_files_are_the_users_with_the_modes_real_tools_give_them()
    {
        var canaries = new HoneytokenGenerator().Generate(home.FullName);

        await HoneytokenPlanting.PlantAsync(Environment.ProcessId, User, canaries, CancellationToken.None);

        foreach (var file in canaries.Files)
        {
            Assert.That(File.ReadAllText(file.Path), Is.EqualTo(file.Content), file.Path);
            Assert.That(Stat(file.Path), Is.EqualTo($"1000:1000:{Octal(file.Mode)}"), file.Path);
            Assert.That(File.GetLastWriteTimeUtc(file.Path), Is.LessThan(DateTime.UtcNow.AddDays(-7)), file.Path);
        }

        Assert.That(Stat(Path.Combine(home.FullName, ".ssh")), Is.EqualTo("1000:1000:700"));
        Assert.That(Stat(Path.Combine(home.FullName, ".ssh", "id_rsa")), Is.EqualTo("1000:1000:600"));
        Assert.That(Stat(Path.Combine(home.FullName, ".config", "gh")), Is.EqualTo("1000:1000:755"));
        Assert.That(Directory.EnumerateFiles(home.FullName, "*", SearchOption.AllDirectories).Select(File.ReadAllText),
            Has.None.Contains(canaries.Environment["GITHUB_TOKEN"]), "variables go to the processes, not to files");
    }

    [Test]
    public async Task No_honeytokens_plants_nothing()
    {
        await HoneytokenPlanting.PlantAsync(Environment.ProcessId, User, HoneytokenSet.Empty, CancellationToken.None);

        Assert.That(home.EnumerateFileSystemInfos(), Is.Empty);
    }

    [Test]
    public void A_canary_outside_the_home_is_refused()
    {
        var outside = HoneytokenSet.Empty with { Files = [new CanaryFile("/etc/evil", "x", UnixFileMode.UserRead)] };

        Assert.That(() => HoneytokenPlanting.PlantAsync(Environment.ProcessId, User, outside, CancellationToken.None), Throws.ArgumentException);
        Assert.That(File.Exists("/etc/evil"), Is.False);
    }

    [Test]
    public void The_scenario_decides_whether_to_plant_and_its_own_variables_win()
    {
        var generator = new HoneytokenGenerator();

        var off = HoneytokenPlanting.For(Scenario(false, []), User, generator);
        var on = HoneytokenPlanting.For(Scenario(true, new Dictionary<string, string> { ["GITHUB_TOKEN"] = "mine" }), User, generator);

        Assert.That(off.Tokens, Is.Empty);
        Assert.That(off.Environment, Is.Empty);
        Assert.That(on.Tokens.Where(t => t.FilePath is not null).Select(t => t.FilePath), Is.All.StartsWith(home.FullName + "/"));
        Assert.That(on.Environment.Keys, Does.Not.Contain("GITHUB_TOKEN").And.Contain("AWS_SECRET_ACCESS_KEY"));
        Assert.That(on.Tokens.Select(t => t.EnvironmentVariable), Does.Not.Contain("GITHUB_TOKEN"));
    }

    private static Scenario Scenario(bool honeytokens, Dictionary<string, string> env) => new(
        "planting",
        null,
        "/s/p.yaml",
        new TargetSpec(null, TargetSpec.DefaultConfiguration, [], ["/bin/true"], null),
        new SandboxSpec(null, NetworkMode.None, TimeSpan.FromSeconds(5), SandboxSpec.DefaultMemoryBytes, 1, 64, "probe", env, null, null, honeytokens),
        [],
        Expectations.Empty,
        new BuildSpec(true, Expectations.Empty));

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);

    private static string Stat(string path)
    {
        var start = new ProcessStartInfo("stat") { RedirectStandardOutput = true };
        foreach (var argument in new[] { "-c", "%u:%g:%a", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var stat = Process.Start(start)!;
        var output = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return output;
    }
}
