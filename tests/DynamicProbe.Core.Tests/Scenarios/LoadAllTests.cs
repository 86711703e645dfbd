using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>Loading a set of scenarios from files and folders.</summary>
public sealed class LoadAllTests
{
    private ScenarioWorkspace _workspace = null!;

    [SetUp]
    public void CreateWorkspace() => _workspace = new ScenarioWorkspace();

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public void Folders_give_every_yaml_and_yml_file_below_them_sorted_and_files_stand_for_themselves()
    {
        var b = WriteScenario("suite/b.yaml", "b");
        var a = WriteScenario("suite/nested/a.yml", "a");
        var c = WriteScenario("suite/c.YAML", "c");
        _workspace.Write("suite/notes.txt", "not a scenario");
        var single = WriteScenario("single.scenario", "single");

        var files = ScenarioLoader.FindScenarioFiles([single, _workspace.PathOf("suite"), b]);

        Assert.That(files, Is.EqualTo(new[] { single, b, c, a }));
    }

    [Test]
    public void All_scenarios_load_in_file_order()
    {
        WriteScenario("suite/one.yaml", "one");
        WriteScenario("suite/two.yaml", "two");

        var scenarios = ScenarioLoader.LoadAll([_workspace.PathOf("suite")]);

        Assert.That(scenarios.Select(scenario => scenario.Name), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void Duplicate_scenario_names_are_an_error_naming_both_files()
    {
        var first = WriteScenario("suite/a.yaml", "same");
        var second = WriteScenario("suite/b.yaml", "same");

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([_workspace.PathOf("suite")]));

        Assert.That(error.Message, Is.EqualTo(
            $"{second}:2:1: name: found 'same', already the name of the scenario in {first}:2:1; expected a name unique within one run"));
    }

    [Test]
    public void Errors_of_every_file_are_reported_together()
    {
        var bad1 = _workspace.Write("suite/a.yaml", "version: 1\nname: [\n");
        WriteScenario("suite/b.yaml", "fine");
        var bad2 = _workspace.Write("suite/c.yaml", "version: 3\n");

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([_workspace.PathOf("suite")]));

        var lines = error.Message.Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.StartWith($"{bad1}:").And.Contain("YAML syntax error"));
        Assert.That(lines[1], Does.StartWith($"{bad2}:1:10: version: found '3'"));
    }

    [Test]
    public void Missing_paths_and_folders_without_scenarios_are_errors()
    {
        var empty = _workspace.CreateFolder("empty");
        var missing = _workspace.PathOf("missing.yaml");

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([missing, empty]));

        Assert.That(error.Message, Is.EqualTo(
            $"{missing}: no such scenario file or folder\n{empty}: no *.yaml or *.yml scenario file in this folder or below it"));
    }

    [Test]
    public void No_path_at_all_is_an_error()
    {
        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([]));

        Assert.That(error.Message, Does.Contain("no scenario given"));
    }

    private string WriteScenario(string relativePath, string name) => _workspace.Write(relativePath, $"""
        version: 1
        name: {name}
        target:
          command: ["true"]
        sandbox:
          network: none
          honeytokens: false
        steps:
          - run: {"{}"}
        """);
}
