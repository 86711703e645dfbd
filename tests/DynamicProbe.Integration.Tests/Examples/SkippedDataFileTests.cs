namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// <c>run FOLDER</c> where a target keeps its own YAML data beside the scenario: the data file is listed as skipped
/// before anything runs, and is no scenario of the suite. An empty shard keeps the run free of sandboxes.
/// </summary>
public sealed class SkippedDataFileTests
{
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("dynamicprobe-skip-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task RunListsTheSkippedFileFirstAndLeavesItOutOfTheSuite()
    {
        File.WriteAllText(
            Path.Combine(_folder.FullName, "app.yaml"),
            "version: 1\nname: app\ntarget:\n  command: [\"/bin/true\"]\nsandbox:\n  network: none\nsteps:\n  - run: {}\n");
        var data = Path.Combine(_folder.CreateSubdirectory("data").FullName, "service.yaml");
        File.WriteAllText(data, "name: payments\nendpoints:\n  - /health\n");

        var run = await CliRun.ExecuteAsync("run", _folder.FullName, "--shard", "2/2");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Error);
        var lines = run.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo($"skipped {data}: not a scenario (its top level names none of version, target, steps)"));
        Assert.That(lines[1], Is.EqualTo("shard 2/2: none of the suite's 1 scenario(s) falls to this shard."));
        var order = run.Report!.RootElement.GetProperty("shard").GetProperty("suite").GetProperty("order");
        Assert.That(order.EnumerateArray().Select(name => name.GetString()), Is.EqualTo(new[] { "app" }));
    }
}
