using System.Text.Json;
using DynamicProbe.Core.Schemas;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary><c>dynamicprobe validate</c> and <c>dynamicprobe schema</c>: no sandbox, no Docker, the loader's full checks.</summary>
public sealed class ValidateAndSchemaTests
{
    private const string ValidScenario = "version: 1\nname: NAME\ntarget:\n  command: [\"/bin/true\"]\nsandbox:\n  network: none\nsteps:\n  - run: {}\n";

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("dynamicprobe-validate-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task EveryExampleIsOk()
    {
        var examples = Directory.GetFiles(RepositoryPaths.Examples, "*.yaml").Order(StringComparer.Ordinal).ToList();

        var run = await CliRun.ExecuteAsync("validate", RepositoryPaths.Examples);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Error);
        Assert.That(Lines(run.Output), Is.EqualTo(
            examples.Select(file => $"ok  {file}").Append($"{examples.Count} scenario file(s): {examples.Count} valid, 0 invalid.")));
        Assert.That(run.Error, Is.Empty);
    }

    [Test]
    public async Task TheWholeScenariosFolderIsOkAndASamplesOwnYamlDataIsListedAsSkipped()
    {
        var scenarios = Path.Combine(RepositoryPaths.Root, "scenarios");
        var examples = Directory.GetFiles(RepositoryPaths.Examples, "*.yaml");
        var data = Path.Combine(scenarios, "samples", "ConfigSummary", "data", "service.yaml");

        var run = await CliRun.ExecuteAsync("validate", scenarios);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Output + run.Error);
        var lines = Lines(run.Output);
        Assert.That(lines, Does.Contain($"skipped {data}: not a scenario (its top level names none of version, target, steps)"));
        Assert.That(lines.Where(line => line.StartsWith("ok  ", StringComparison.Ordinal)), Is.EquivalentTo(examples.Select(file => $"ok  {file}")));
        Assert.That(lines[^1], Is.EqualTo(
            $"{examples.Length} scenario file(s): {examples.Length} valid, 0 invalid; 1 other YAML file(s) skipped as not scenarios."));
        Assert.That(run.Error, Is.Empty);
    }

    [Test]
    public async Task EachFileIsReportedAndEveryProblemNamesItsLine()
    {
        var good = Write("a-good.yaml", ValidScenario.Replace("NAME", "good", StringComparison.Ordinal));
        var bad = Write(
            "b-bad.yaml",
            "version: 1\nname: bad\ntarget:\n  project: ../missing/App.csproj\nsandbox:\n  network: none\n  timout: 5s\nsteps:\n  - stop: {}\n");

        var run = await CliRun.ExecuteAsync("validate", _folder.FullName);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        var missing = Path.GetFullPath(Path.Combine(_folder.FullName, "../missing/App.csproj"));
        Assert.That(Lines(run.Output), Is.EqualTo(new[]
        {
            $"ok  {good}",
            $"{bad}:4:12: target.project: found '../missing/App.csproj', but {missing} does not exist; expected a path to a .csproj, .fsproj or .sln file, relative to the scenario's folder",
            $"{bad}:7:3: sandbox.timout: unknown field; did you mean 'timeout'?",
            $"{bad}:9:5: steps[0].stop: the target has not been started; expected a '- start: {{}}' step before it",
            "2 scenario file(s): 1 valid, 1 invalid.",
        }));
    }

    [Test]
    public async Task TwoScenariosWithOneNameAreRefusedAsRunRefusesThem()
    {
        var first = Write("a.yaml", ValidScenario.Replace("NAME", "same", StringComparison.Ordinal));
        var second = Write("b.yaml", ValidScenario.Replace("NAME", "same", StringComparison.Ordinal));

        var validate = await CliRun.ExecuteAsync("validate", first, second);

        Assert.That(validate.ExitCode, Is.EqualTo(2));
        Assert.That(Lines(validate.Output)[1], Is.EqualTo(
            $"{second}:2:1: name: found 'same', already the name of the scenario in {first}:2:1; expected a name unique within one run"));
    }

    [Test]
    public async Task AMissingPathIsExitCode2()
    {
        var run = await CliRun.ExecuteAsync("validate", Path.Combine(_folder.FullName, "nothing-here"));

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("nothing-here: no such scenario file or folder"));
    }

    [Test]
    public async Task SchemaPrintsTheScenarioSchema()
    {
        var run = await CliRun.ExecuteAsync("schema");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Is.EqualTo(SchemaFiles.Scenario));
        using var schema = JsonDocument.Parse(run.Output);
        Assert.That(schema.RootElement.GetProperty("title").GetString(), Is.EqualTo("DynamicProbe scenario, format version 1"));
    }

    [Test]
    public async Task SchemaReportPrintsTheReportSchema()
    {
        var run = await CliRun.ExecuteAsync("schema", "--report");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Is.EqualTo(SchemaFiles.Report));
        using var schema = JsonDocument.Parse(run.Output);
        Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Does.Contain("2020-12"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
