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

        var suite = ScenarioLoader.LoadAll([_workspace.PathOf("suite")]);

        Assert.That(suite.Scenarios.Select(scenario => scenario.Name), Is.EqualTo(new[] { "one", "two" }));
        Assert.That(suite.Skipped, Is.Empty);
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

    [Test]
    public void A_yaml_file_in_a_folder_whose_top_level_names_no_scenario_field_is_skipped_and_listed()
    {
        var data = _workspace.Write("suite/App/data/service.yaml", "name: payments\nendpoints:\n  - /health\n");
        var list = _workspace.Write("suite/App/data/hosts.yml", "- a.example.com\n- b.example.com\n");
        var scenario = WriteScenario("suite/app.yaml", "app");

        var suite = ScenarioLoader.LoadAll([_workspace.PathOf("suite")]);

        Assert.That(suite.Scenarios.Select(s => s.FilePath), Is.EqualTo(new[] { scenario }));
        Assert.That(suite.Skipped.Select(check => check.SkipLine), Is.EqualTo(new[]
        {
            $"skipped {list}: not a scenario (its top level is not a mapping naming any of version, target, steps)",
            $"skipped {data}: not a scenario (its top level names none of version, target, steps)",
        }));
        Assert.That(ScenarioLoader.FindScenarioFiles([_workspace.PathOf("suite")]), Is.EqualTo(new[] { scenario }));
    }

    [Test]
    public void Validation_lists_skipped_files_in_file_order_as_neither_valid_nor_invalid()
    {
        var scenario = WriteScenario("suite/a.yaml", "a");
        var data = _workspace.Write("suite/b.yaml", "name: payments\n");

        var checks = ScenarioLoader.CheckAll([_workspace.PathOf("suite")]);

        Assert.That(checks.Select(check => (check.FilePath, check.IsValid, check.IsInvalid, check.IsSkipped)), Is.EqualTo(new[]
        {
            (scenario, true, false, false),
            (data, false, false, true),
        }));
        Assert.That(checks[1].Problems, Is.Empty);
    }

    [TestCase("version: 1\nname: half\n", TestName = "A file naming only version is a scenario")]
    [TestCase("name: half\ntarget:\n  command: [\"true\"]\n", TestName = "A file naming only target is a scenario")]
    [TestCase("steps:\n  - run: {}\n", TestName = "A file naming only steps is a scenario")]
    public void A_yaml_file_naming_any_scenario_field_is_loaded_and_its_errors_are_reported(string text)
    {
        WriteScenario("suite/a.yaml", "a");
        var half = _workspace.Write("suite/half.yaml", text);

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([_workspace.PathOf("suite")]));

        Assert.That(error.Message.Split('\n'), Is.All.StartWith($"{half}:"));
    }

    [Test]
    public void A_scenario_that_forgot_its_version_is_reported_not_skipped()
    {
        var file = _workspace.Write("suite/a.yaml", ScenarioText("a").Replace("version: 1\n", string.Empty, StringComparison.Ordinal));

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([_workspace.PathOf("suite")]));

        Assert.That(error.Message, Does.StartWith($"{file}:1:1: version: missing"));
    }

    [TestCase("endpoints: [\n", "YAML syntax error", TestName = "A file that is not valid YAML is reported as a scenario")]
    [TestCase("name: a\nname: b\n", "duplicate key", TestName = "A file with a duplicate key is reported as a scenario")]
    [TestCase("# nothing yet\n", "found an empty file", TestName = "An empty file is reported as a scenario")]
    public void A_file_that_reads_as_no_yaml_document_is_reported_as_a_scenario(string text, string problem)
    {
        WriteScenario("suite/a.yaml", "a");
        var broken = _workspace.Write("suite/data/broken.yaml", text);

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([_workspace.PathOf("suite")]));

        Assert.That(error.Message, Does.StartWith($"{broken}:").And.Contain(problem));
    }

    [Test]
    public void A_file_named_on_the_command_line_is_loaded_whatever_its_top_level()
    {
        WriteScenario("suite/a.yaml", "a");
        var data = _workspace.Write("suite/data/service.yaml", "name: payments\n");

        var alone = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([data]));
        var withItsFolder = Assert.Throws<UserErrorException>(() => ScenarioLoader.LoadAll([_workspace.PathOf("suite"), data]));

        Assert.That(alone.Message, Does.StartWith($"{data}:1:1: version: missing"));
        Assert.That(withItsFolder.Message, Is.EqualTo(alone.Message));
    }

    [Test]
    public void A_folder_whose_yaml_files_are_all_skipped_holds_no_scenario()
    {
        var folder = _workspace.CreateFolder("data");
        _workspace.Write("data/service.yaml", "name: payments\n");
        _workspace.Write("data/hosts.yml", "[a, b]\n");

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.CheckAll([folder]));

        Assert.That(error.Message, Is.EqualTo(
            $"{folder}: no scenario file in this folder or below it; its 2 *.yaml and *.yml file(s) are not scenarios "
            + "(their top level names none of version, target, steps)"));
    }

    private string WriteScenario(string relativePath, string name) => _workspace.Write(relativePath, ScenarioText(name));

    private static string ScenarioText(string name) => $"""
        version: 1
        name: {name}
        target:
          command: ["true"]
        sandbox:
          network: none
          honeytokens: false
        steps:
          - run: {"{}"}
        """;
}
