using System.Text.Json;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Schemas;
using DynamicProbe.Core.Tests.Rules;
using DynamicProbe.Core.Tests.Scenarios;
using Json.Schema;

namespace DynamicProbe.Core.Tests.Schemas;

/// <summary>
/// The scenario schema agrees with the loader: every scenario of the repository passes both, each kind of mistake the
/// loader refuses the schema refuses too, and each variation of the format the loader accepts the schema accepts.
/// </summary>
public sealed class ScenarioSchemaTests
{
    private const string Valid = """
        version: 1
        name: demo
        target:
          command: ["/bin/true"]
        sandbox:
          network: none
        steps:
          - run: {}

        """;

    private static readonly JsonSchema Schema = ScenarioSchema.Build();

    private ScenarioWorkspace _workspace = null!;

    [SetUp]
    public void CreateWorkspace()
    {
        _workspace = new ScenarioWorkspace();
        _workspace.Write("scenarios/app.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        _workspace.Write("scenarios/app.fsproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        _workspace.CreateFolder("scenarios/data");
    }

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public void The_schema_is_a_valid_draft_07_schema()
    {
        using var schema = JsonDocument.Parse(SchemaFiles.Scenario);

        var results = MetaSchemas.Draft7.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.That(results.IsValid, Is.True);
        Assert.That(schema.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("http://json-schema.org/draft-07/schema#"));
    }

    [Test]
    public void The_embedded_schema_is_the_repository_file()
    {
        var file = Repository.File("src/DynamicProbe.Core/Schemas/scenario.schema.json");

        Assert.That(SchemaFiles.Scenario, Is.EqualTo(File.ReadAllText(file)));
    }

    [TestCaseSource(nameof(RepositoryScenarios))]
    public void Every_scenario_of_the_repository_passes_the_schema_and_the_loader(string relativePath)
    {
        var file = Repository.File(relativePath);

        Assert.That(ScenarioSchema.Errors(Schema, File.ReadAllText(file)), Is.Empty);
        Assert.That(() => ScenarioLoader.Load(file), Throws.Nothing);
    }

    [TestCaseSource(nameof(RepositoryScenarios))]
    public void Every_example_names_the_schema_for_editors_on_its_last_line(string relativePath)
    {
        var file = Repository.File(relativePath);
        var last = File.ReadLines(file).Last();

        // Last, not first: the examples' line numbers are quoted in the README and checked by tests.
        Assert.That(last, Does.Match("^# yaml-language-server: \\$schema=(\\S+)$"));
        var schema = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, last[(last.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        Assert.That(schema, Is.EqualTo(Repository.File("src/DynamicProbe.Core/Schemas/scenario.schema.json")));
    }

    [Test]
    public void The_full_example_of_the_format_passes_the_schema()
    {
        var example = _workspace.CopyFixture("payments-api-startup.yaml", "scenarios/payments-api-startup.yaml");

        Assert.That(ScenarioSchema.Errors(Schema, File.ReadAllText(example)), Is.Empty);
    }

    [TestCaseSource(nameof(Mistakes))]
    public void A_mistake_the_loader_refuses_the_schema_refuses(string[] edits)
    {
        var yaml = Edit(edits);
        var file = _workspace.Write("scenarios/demo.yaml", yaml);

        Assert.That(() => ScenarioLoader.Load(file), Throws.TypeOf<UserErrorException>());
        Assert.That(ScenarioSchema.Errors(Schema, yaml), Is.Not.Empty);
    }

    [TestCaseSource(nameof(Variations))]
    public void A_variation_the_loader_accepts_the_schema_accepts(string[] edits)
    {
        var yaml = Edit(edits);
        var file = _workspace.Write("scenarios/demo.yaml", yaml);

        Assert.That(() => ScenarioLoader.Load(file), Throws.Nothing);
        Assert.That(ScenarioSchema.Errors(Schema, yaml), Is.Empty);
    }

    [Test]
    public void Allow_rules_offers_exactly_the_rule_ids_of_rules_yaml()
    {
        using var schema = JsonDocument.Parse(SchemaFiles.Scenario);
        var offered = schema.RootElement.GetProperty("definitions").GetProperty("allowRules").GetProperty("items").GetProperty("enum")
            .EnumerateArray().Select(id => id.GetString());

        Assert.That(offered, Is.EqualTo(RuleBook.BuiltIn().Ids));
    }

    [Test]
    public void Every_field_has_a_description_for_editors()
    {
        using var schema = JsonDocument.Parse(SchemaFiles.Scenario);
        var definitions = schema.RootElement.GetProperty("definitions");
        var undescribed = new List<string>();
        CollectUndescribed(schema.RootElement, "#", definitions, undescribed);

        Assert.That(undescribed, Is.Empty);
    }

    private static void CollectUndescribed(JsonElement schema, string path, JsonElement definitions, List<string> undescribed)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (!HasDescription(property.Value, definitions))
                {
                    undescribed.Add($"{path}/properties/{property.Name}");
                }
            }
        }

        // Conditions (if, not) restate fields to test them; editors describe the fields where they are declared.
        foreach (var keyword in schema.EnumerateObject().Where(keyword => keyword.Name is not ("if" or "then" or "not")))
        {
            if (keyword.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var item in keyword.Value.EnumerateArray())
                {
                    CollectUndescribed(item, $"{path}/{keyword.Name}/{index++}", definitions, undescribed);
                }
            }
            else if (keyword.Value.ValueKind == JsonValueKind.Object)
            {
                CollectUndescribed(keyword.Value, $"{path}/{keyword.Name}", definitions, undescribed);
            }
        }
    }

    private static bool HasDescription(JsonElement schema, JsonElement definitions) =>
        schema.TryGetProperty("description", out _)
        || (schema.TryGetProperty("$ref", out var reference)
            && definitions.GetProperty(reference.GetString()!["#/definitions/".Length..]).TryGetProperty("description", out _));

    /// <summary>Every scenario under scenarios/, found as <c>run scenarios/</c> finds them (a sample's own YAML data is not one).</summary>
    private static IEnumerable<TestCaseData> RepositoryScenarios()
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Repository.File("scenarios/examples/hello-console.yaml")))!;
        var repository = Path.GetDirectoryName(root)!;
        return ScenarioLoader.FindScenarioFiles([root])
            .Select(file => new TestCaseData(Path.GetRelativePath(repository, file)).SetArgDisplayNames(Path.GetRelativePath(root, file)));
    }

    private static IEnumerable<TestCaseData> Mistakes()
    {
        yield return Case("unknown top-level field", "steps:", "colour: red\nsteps:");
        yield return Case("unknown sandbox field", "  network: none", "  network: none\n  timout: 30s");
        yield return Case("missing version", "version: 1\n", string.Empty);
        yield return Case("other version", "version: 1", "version: 2");
        yield return Case("missing name", "name: demo\n", string.Empty);
        yield return Case("name in capitals", "name: demo", "name: Demo");
        yield return Case("both project and command", "  command: [\"/bin/true\"]", "  project: app.csproj\n  command: [\"/bin/true\"]");
        yield return Case("neither project nor command", "  command: [\"/bin/true\"]", "  args: [\"x\"]");
        yield return Case("configuration of a command", "  command: [\"/bin/true\"]", "  command: [\"/bin/true\"]\n  configuration: Debug");
        yield return Case("project not a project file", "  command: [\"/bin/true\"]", "  project: app.txt");
        yield return Case("empty command", "  command: [\"/bin/true\"]", "  command: []");
        yield return Case("target a list", "target:\n  command: [\"/bin/true\"]", "target: [\"/bin/true\"]");
        yield return Case("network not an option", "network: none", "network: bridge");
        yield return Case("timeout without unit", "  network: none", "  network: none\n  timeout: 60");
        yield return Case("zero timeout", "  network: none", "  network: none\n  timeout: 0s");
        yield return Case("pids not a number", "  network: none", "  network: none\n  pids: many");
        yield return Case("cpus zero", "  network: none", "  network: none\n  cpus: 0");
        yield return Case("memory not a size", "  network: none", "  network: none\n  memory: lots");
        yield return Case("honeytokens not a boolean", "  network: none", "  network: none\n  honeytokens: maybe");
        yield return Case("hostname with underscore", "  network: none", "  network: none\n  hostname: db_master");
        yield return Case("clock without time zone", "  network: none", "  network: none\n  clock: \"2031-01-01T00:00:00\"");
        yield return Case("user with a space", "  network: none", "  network: none\n  user: \"probe user\"");
        yield return Case("image starting with a dash", "  network: none", "  network: none\n  image: \"-bad\"");
        yield return Case("env value left empty", "  network: none", "  network: none\n  env: { A: }");
        yield return Case("env name with =", "  network: none", "  network: none\n  env: { \"A=B\": x }");
        yield return Case("env a list", "  network: none", "  network: none\n  env: [A, B]");
        yield return Case("missing steps", "steps:\n  - run: {}\n", string.Empty);
        yield return Case("empty steps", "steps:\n  - run: {}", "steps: []");
        yield return Case("step with two kinds", "  - run: {}", "  - run: {}\n    sleep: 1s");
        yield return Case("unknown step kind", "  - run: {}", "  - wait-for: { port: 80 }");
        yield return Case("bare step name", "  - run: {}", "  - run");
        yield return Case("run with unknown field", "  - run: {}", "  - run: { exit: 0 }");
        yield return Case("expect_exit above 255", "  - run: {}", "  - run: { expect_exit: 256 }");
        yield return Case("empty stdout_contains", "  - run: {}", "  - run: { stdout_contains: \"\" }");
        yield return Case("sleep without unit", "  - run: {}", "  - sleep: 2");
        yield return Case("sleep without value", "  - run: {}", "  - sleep:");
        yield return Case("empty exec", "  - run: {}", "  - exec: []");
        yield return Case("wait_for without port", "  - run: {}", "  - start: {}\n  - wait_for: { timeout: 5s }");
        yield return Case("port out of range", "  - run: {}", "  - start: {}\n  - wait_for: { port: 70000 }");
        yield return Case("http to a remote host", "  - run: {}", "  - start: {}\n  - http: { url: \"http://203.0.113.5/\" }");
        yield return Case("http without url", "  - run: {}", "  - start: {}\n  - http: { method: GET }");
        yield return Case("http method with a space", "  - run: {}", "  - start: {}\n  - http: { method: \"GET X\", url: \"http://127.0.0.1/\" }");
        yield return Case("http header name with a space", "  - run: {}", "  - start: {}\n  - http: { url: \"http://127.0.0.1/\", headers: { \"Bad Name\": x } }");
        yield return Case("http expect_status 99", "  - run: {}", "  - start: {}\n  - http: { url: \"http://127.0.0.1/\", expect_status: 99 }");
        yield return Case("unknown signal", "  - run: {}", "  - start: {}\n  - stop: { signal: TERMINATE }");
        yield return Case("unknown expect field", "steps:", "expect:\n  file:\n    read: []\nsteps:");
        yield return Case("relative path glob", "steps:", "expect:\n  files:\n    read: [\"app/**\"]\nsteps:");
        yield return Case("endpoint without port", "steps:", "expect:\n  network:\n    connect: [\"api.example.com\"]\nsteps:");
        yield return Case("dns name with a space", "steps:", "expect:\n  network:\n    dns: [\"a b\"]\nsteps:");
        yield return Case("globs not a list", "steps:", "expect:\n  processes: /bin/sh\nsteps:");
        yield return Case("unknown rule allowed", "steps:", "allow_rules: [no-such-rule]\nsteps:");
        yield return Case("build of a command", "steps:", "build:\n  expect: {}\nsteps:");
        yield return Case(
            "unsandboxed build", "  command: [\"/bin/true\"]", "  project: app.csproj", "steps:", "build:\n  sandboxed: false\nsteps:");
        yield return Case("unknown build field", "  command: [\"/bin/true\"]", "  project: app.csproj", "steps:", "build:\n  cache: false\nsteps:");
        yield return Case("variant without name", "steps:", "variants:\n  - clock: \"2031-01-01T00:00:00Z\"\nsteps:");
        yield return Case("variant with unknown field", "steps:", "variants:\n  - name: v1\n    colour: red\nsteps:");
        yield return Case("variant name in capitals", "steps:", "variants:\n  - name: Next-Year\nsteps:");
        yield return Case("variants not a list", "steps:", "variants:\n  name: v1\nsteps:");
    }

    private static IEnumerable<TestCaseData> Variations()
    {
        yield return Case("as written");
        yield return Case("version quoted", "version: 1", "version: \"1\"");
        yield return Case("description a number", "name: demo", "name: demo\ndescription: 42");
        yield return Case("folded description", "name: demo", "name: demo\ndescription: >\n  Two\n  lines.");
        yield return Case("project and configuration", "  command: [\"/bin/true\"]", "  project: app.csproj\n  configuration: Debug\n  args: [\"--port\", 8080]\n  workdir: data");
        yield return Case("fsproj", "  command: [\"/bin/true\"]", "  project: app.fsproj");
        yield return Case("command with args and numbers", "  command: [\"/bin/true\"]", "  command: [\"/bin/echo\", 1]\n  args: [two, true]");
        yield return Case(
            "every sandbox field",
            "  network: none",
            "  network: sinkhole\n  image: dynamicprobe/dotnet\n  timeout: 1m30s\n  memory: 1G\n  cpus: 0.5\n  pids: 1\n  user: \"1000:1000\"\n"
            + "  env: { PORT: 8080, DEBUG: true, EMPTY: \"\" }\n  hostname: payments-prod-01.example.com\n  clock: \"2031-01-01T09:00:00+09:00\"\n  honeytokens: false");
        yield return Case("memory in bytes", "  network: none", "  network: none\n  memory: 268435456");
        yield return Case("no sandbox", "sandbox:\n  network: none\n", string.Empty);
        yield return Case("steps written with nothing after the colon", "  - run: {}", "  - run:\n  - start:\n  - stop:");
        yield return Case(
            "every step",
            "  - run: {}",
            "  - start: {}\n  - wait_for: { port: 8080, timeout: 1.5s }\n"
            + "  - http: { method: post, url: \"https://localhost:8443/x?y=1\", body: 42, headers: { X-Count: 3 }, expect_status: 204, expect_body_contains: ok, timeout: 1m }\n"
            + "  - http: { url: \"http://[::1]:8080/\" }\n  - http: { url: \"HTTP://127.1.2.3\" }\n"
            + "  - exec: [\"sleep\", 1]\n  - sleep: 0s\n  - sleep: 1h2m3s450ms\n  - stop: { signal: sigint, grace: 0s }\n"
            + "  - run: { expect_exit: 0, stdin: \"yes\\n\", stdout_contains: done }");
        yield return Case("expect left empty", "steps:", "expect:\nsteps:");
        yield return Case(
            "every expect field",
            "steps:",
            "expect:\n  files:\n    read: [\"/app/**\", \"**/python3\"]\n    write: [\"/tmp/*.log\"]\n  processes: [\"/usr/bin/grep\"]\n"
            + "  network:\n    dns: [\"*.example.com\"]\n    connect: [\"127.0.0.1:8080\", \"[::1]:80\", \"*\", \"/tmp/app-*.sock\"]\n    listen: [\"*:8080\"]\nsteps:");
        yield return Case("allowed rules", "steps:", "allow_rules: [shell-spawned, credential-read]\nsteps:");
        yield return Case(
            "build of a project",
            "  command: [\"/bin/true\"]",
            "  project: app.csproj",
            "steps:",
            "build:\n  sandboxed: true\n  expect:\n    files:\n      read: [\"/src/**\"]\n  allow_rules: [shell-spawned]\nsteps:");
        yield return Case(
            "variants",
            "steps:",
            "variants:\n  - name: next-year\n    clock: \"2032-06-01T00:00:00Z\"\n  - name: looks-like-prod\n    hostname: db-master-01\n    env: { CI: \"\" }\n    network: sinkhole\nsteps:");
    }

    /// <summary>A test case: <see cref="Valid"/> with each (find, replace) pair of <paramref name="edits"/> applied.</summary>
    private static TestCaseData Case(string name, params string[] edits) => new TestCaseData([edits]).SetArgDisplayNames(name);

    private static string Edit(string[] edits)
    {
        var yaml = Valid;
        for (var index = 0; index < edits.Length; index += 2)
        {
            Assert.That(yaml, Does.Contain(edits[index]), "the test edits a line the scenario has");
            yaml = yaml.Replace(edits[index], edits[index + 1], StringComparison.Ordinal);
        }

        return yaml;
    }
}
