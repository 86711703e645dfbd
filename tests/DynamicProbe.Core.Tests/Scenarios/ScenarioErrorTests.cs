using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>Each kind of mistake is reported at its file:line:col, naming the field, what was found and what was expected.</summary>
public sealed class ScenarioErrorTests
{
    private ScenarioWorkspace _workspace = null!;
    private string _file = null!;

    [SetUp]
    public void CreateWorkspace()
    {
        _workspace = new ScenarioWorkspace();
        _file = _workspace.PathOf("scenarios/demo.yaml");
    }

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public void Unknown_field_suggests_the_closest_known_name()
    {
        var message = LoadError("""
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              network: none
              honeytokens: false
              timout: 30s
            steps:
              - run: {}
            """);

        Assert.That(message, Is.EqualTo($"{_file}:8:3: sandbox.timout: unknown field; did you mean 'timeout'?"));
    }

    [Test]
    public void Unknown_field_with_no_close_name_lists_the_known_ones()
    {
        var message = LoadError(Valid + "colour: red\n");

        Assert.That(message, Is.EqualTo(
            $"{_file}:10:1: colour: unknown field; expected one of: version, name, description, target, sandbox, steps, expect, variants, build, allow_rules"));
    }

    [Test]
    public void Unknown_step_kind_suggests_the_closest_one()
    {
        var message = LoadError(Valid + "  - wait-for: { port: 80 }\n");

        Assert.That(message, Is.EqualTo($"{_file}:10:5: steps[1].wait-for: unknown field; did you mean 'wait_for'?"));
    }

    [Test]
    public void Value_of_the_wrong_type_names_what_was_found_and_expected()
    {
        var message = LoadError("""
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              network: none
              honeytokens: false
              pids: many
              env: [A, B]
            steps:
              - run: {}
            """);

        Assert.That(message, Is.EqualTo(
            $"{_file}:8:9: sandbox.pids: found 'many'; expected a whole number of at least 1\n"
            + $"{_file}:9:8: sandbox.env: found a list; expected a mapping of NAME: value"));
    }

    [Test]
    public void Missing_required_field_is_reported_where_its_parent_is()
    {
        var message = LoadError("""
            version: 1
            target:
              command: ["python3", "app.py"]
            sandbox:
              network: none
              honeytokens: false
            steps:
              - start: {}
              - wait_for: { timeout: 5s }
            """);

        Assert.That(message, Does.StartWith($"{_file}:1:1: name: missing; expected a name of a-z, 0-9"));
        Assert.That(message, Does.EndWith($"{_file}:9:5: steps[1].wait_for.port: missing; expected the TCP port to wait for, like 8080"));
    }

    [Test]
    public void Missing_target_and_steps_are_reported()
    {
        var message = LoadError("""
            version: 1
            name: demo
            sandbox:
              network: none
              honeytokens: false
            """);

        Assert.That(message, Does.Contain($"{_file}:1:1: target: missing; expected a mapping with either 'project'"));
        Assert.That(message, Does.Contain($"{_file}:1:1: steps: missing; expected a list of at least one step"));
    }

    [TestCase("60x", "sandbox.timeout: found '60x'; expected a duration with a unit, like 500ms, 2s, 1m, 1h or 1m30s, greater than 0")]
    [TestCase("60", "write 60s for seconds or 60ms for milliseconds")]
    [TestCase("0s", "greater than 0")]
    public void Bad_duration_is_reported(string timeout, string expectedText)
    {
        var message = LoadError($"""
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              network: none
              honeytokens: false
              timeout: {timeout}
            steps:
              - run: {"{}"}
            """);

        Assert.That(message, Does.StartWith($"{_file}:8:12: sandbox.timeout: found '{timeout}'"));
        Assert.That(message, Does.Contain(expectedText));
    }

    [Test]
    public void Bad_size_is_reported()
    {
        var message = LoadError(Valid.Replace("  honeytokens: false\n", "  honeytokens: false\n  memory: 512x\n", StringComparison.Ordinal));

        Assert.That(message, Is.EqualTo($"{_file}:8:11: sandbox.memory: found '512x'; expected a size like 512m, 1g, 256k or a number of bytes, at least 6m"));
    }

    [Test]
    public void Both_project_and_command_is_an_error()
    {
        _workspace.Write("scenarios/App.csproj", "<Project />");

        var message = LoadError("""
            version: 1
            name: demo
            target:
              project: App.csproj
              command: ["python3", "app.py"]
            sandbox:
              network: none
              honeytokens: false
            steps:
              - run: {}
            """);

        Assert.That(message, Is.EqualTo($"{_file}:5:3: target: found both 'project' (line 4) and 'command'; expected exactly one of them"));
    }

    [Test]
    public void Neither_project_nor_command_is_an_error()
    {
        var message = LoadError(Valid.Replace("  command: [\"python3\", \"app.py\"]\n", "  args: [\"x\"]\n", StringComparison.Ordinal));

        Assert.That(message, Does.StartWith($"{_file}:4:3: target: found neither 'project' nor 'command'; expected"));
    }

    [Test]
    public void Missing_project_file_names_the_resolved_path()
    {
        var message = LoadError(Valid.Replace("command: [\"python3\", \"app.py\"]", "project: ../samples/Api/Api.csproj", StringComparison.Ordinal));

        var resolved = _workspace.PathOf("samples/Api/Api.csproj");
        Assert.That(message, Is.EqualTo(
            $"{_file}:4:12: target.project: found '../samples/Api/Api.csproj', but {resolved} does not exist; "
            + "expected a path to a .csproj, .fsproj or .sln file, relative to the scenario's folder"));
    }

    [Test]
    public void Project_that_is_not_a_project_file_is_an_error()
    {
        _workspace.Write("scenarios/app.py", "print(1)");

        var message = LoadError(Valid.Replace("command: [\"python3\", \"app.py\"]", "project: app.py", StringComparison.Ordinal));

        Assert.That(message, Does.StartWith($"{_file}:4:12: target.project: found 'app.py'; expected a path to a .csproj, .fsproj or .sln file"));
    }

    [Test]
    public void Missing_workdir_names_the_resolved_path()
    {
        var message = LoadError(Valid.Replace("app.py\"]\n", "app.py\"]\n  workdir: pyapp\n", StringComparison.Ordinal));

        Assert.That(message, Does.StartWith(
            $"{_file}:5:12: target.workdir: found 'pyapp', but {_workspace.PathOf("scenarios/pyapp")} does not exist"));
    }

    [Test]
    public void Configuration_with_a_command_is_an_error()
    {
        var message = LoadError(Valid.Replace("app.py\"]\n", "app.py\"]\n  configuration: Debug\n", StringComparison.Ordinal));

        Assert.That(message, Is.EqualTo($"{_file}:5:18: target.configuration: applies only to a target.project (a command is not built); remove it"));
    }

    [Test]
    public void Build_section_with_a_command_is_an_error()
    {
        var message = LoadError(Valid + "build:\n  expect: {}\n");

        Assert.That(message, Is.EqualTo($"{_file}:10:1: build: applies only to a target.project (a command is not built); remove the 'build' section"));
    }

    [Test]
    public void Duplicate_keys_are_each_reported_with_the_first_occurrence()
    {
        var message = LoadError("""
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              network: none
              honeytokens: false
              timeout: 10s
              timeout: 20s
            steps:
              - run: {}
            name: other
            """);

        Assert.That(message, Is.EqualTo(
            $"{_file}:9:3: sandbox.timeout: duplicate key; it was already given at line 8, column 3. Keep one of them\n"
            + $"{_file}:12:1: name: duplicate key; it was already given at line 2, column 1. Keep one of them"));
    }

    [Test]
    public void Yaml_syntax_error_is_reported_with_its_location()
    {
        var message = LoadError("""
            version: 1
            name: demo: again
            """);

        Assert.That(message, Does.StartWith($"{_file}:2:11: YAML syntax error: "));
    }

    [Test]
    public void Unclosed_flow_list_is_reported_as_a_syntax_error()
    {
        var message = LoadError("""
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"
            """);

        Assert.That(message, Is.EqualTo($"{_file}:5:1: YAML syntax error: While parsing a flow sequence, did not find expected ',' or ']'."));
    }

    [Test]
    public void Text_ending_inside_an_open_list_is_reported_where_the_list_was_left()
    {
        var message = LoadError("version: 1\nname: [1, 2\nsteps: 3\n");

        Assert.That(message, Is.EqualTo(
            $"{_file}:2:9: YAML syntax error: the text ends inside an open [list], {{mapping}} or quoted string; close it"));
    }

    [Test]
    public void Alias_to_an_unknown_anchor_is_reported_where_it_is()
    {
        var message = LoadError(Valid.Replace("  - run: {}", "  - run: *defaults", StringComparison.Ordinal));

        Assert.That(message, Is.EqualTo($"{_file}:9:10: YAML error: the alias '*defaults' refers to no anchor '&defaults' defined before it"));
    }

    [Test]
    public void Empty_file_is_an_error()
    {
        var message = LoadError("# nothing here\n");

        Assert.That(message, Is.EqualTo($"{_file}:1:1: found an empty file; expected a scenario, starting with 'version: 1'"));
    }

    [Test]
    public void Second_yaml_document_is_an_error()
    {
        var message = LoadError(Valid + "---\nversion: 1\n");

        Assert.That(message, Does.StartWith($"{_file}:10:1: found a second YAML document (after '---'); expected exactly one per file"));
    }

    [Test]
    public void Other_version_stops_reading_with_one_error()
    {
        var message = LoadError("version: 2\nname: Not Valid\nsomething: else\n");

        Assert.That(message, Is.EqualTo(
            $"{_file}:1:10: version: found '2'; expected 1 (the scenario format version this DynamicProbe reads), written 'version: 1'"));
    }

    [Test]
    public void Bad_name_is_reported()
    {
        var message = LoadError(Valid.Replace("name: demo", "name: Payments API", StringComparison.Ordinal));

        Assert.That(message, Does.StartWith($"{_file}:2:7: name: found 'Payments API'; expected a name of a-z, 0-9, '.', '_' and '-'"));
    }

    [Test]
    public void Env_value_left_empty_must_be_written_as_an_empty_string()
    {
        var message = LoadError(Valid.Replace("  honeytokens: false\n", "  honeytokens: false\n  env:\n    CI:\n", StringComparison.Ordinal));

        Assert.That(message, Is.EqualTo($"{_file}:9:8: sandbox.env.CI: found nothing; expected a value (write CI: \"\" for an empty one)"));
    }

    [Test]
    public void Every_error_of_a_file_is_listed_on_its_own_line_in_file_order()
    {
        var message = LoadError("""
            version: 1
            name: demo
            target:
              command: []
            sandbox:
              network: none
              honeytokens: maybe
              cpus: 0
              hostname: -bad-
            steps:
              - sleep: 1m30
            expect:
              files:
                read: ["app/**"]
            """);

        Assert.That(message.Split('\n'), Is.EqualTo(new[]
        {
            $"{_file}:4:12: target.command: found an empty list; expected a non-empty list: the program and its arguments, like [\"python3\", \"app.py\"]",
            $"{_file}:7:16: sandbox.honeytokens: found 'maybe'; expected true or false",
            $"{_file}:8:9: sandbox.cpus: found '0'; expected a number greater than 0, like 1 or 0.5",
            $"{_file}:9:13: sandbox.hostname: found '-bad-'; expected a host name of letters, digits and '-' (dots between labels allowed), at most 63 characters, like payments-prod-01",
            $"{_file}:11:12: steps[0].sleep: found '1m30'; expected a duration with a unit, like 500ms, 2s, 1m, 1h or 1m30s",
            $"{_file}:14:12: expect.files.read[0]: found 'app/**'; expected an absolute path glob, like '/app/**' or '**/python3'",
        }));
    }

    [Test]
    public void Missing_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file));

        Assert.That(error.Message, Is.EqualTo($"{_file}: no such scenario file"));
    }

    private const string Valid = """
        version: 1
        name: demo
        target:
          command: ["python3", "app.py"]
        sandbox:
          network: none
          honeytokens: false
        steps:
          - run: {}

        """;

    private string LoadError(string yaml)
    {
        _workspace.Write("scenarios/demo.yaml", yaml);
        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file));
        return error.Message;
    }
}
