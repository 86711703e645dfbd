using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Tests.Scenarios;

namespace DynamicProbe.Core.Tests.Rules;

/// <summary><c>allow_rules</c> is read with where each id is written; an unknown id is refused with the closest one.</summary>
public sealed class AllowRulesLoadingTests
{
    private const string Valid = """
        version: 1
        name: demo
        target:
          command: ["/bin/sh", "-c", "cat ~/.ssh/id_rsa"]
        steps:
          - run: {}

        """;

    private ScenarioWorkspace _workspace = null!;
    private string _file = null!;

    [SetUp]
    public void CreateWorkspace()
    {
        _workspace = new ScenarioWorkspace();
        _file = _workspace.PathOf("demo.yaml");
    }

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public void Ids_are_read_with_their_locations()
    {
        _workspace.Write("demo.yaml", Valid + "allow_rules:\n  - credential-read\n  - shell-spawned\n");

        var scenario = ScenarioLoader.Load(_file);

        Assert.That(scenario.AllowRules, Is.EqualTo(new[]
        {
            new RuleAllowance("credential-read", new SourceLocation(_file, 8, 5)),
            new RuleAllowance("shell-spawned", new SourceLocation(_file, 9, 5)),
        }));
    }

    [Test]
    public void The_build_has_its_own()
    {
        _workspace.Write("demo.yaml", Valid.Replace("command: [\"/bin/sh\", \"-c\", \"cat ~/.ssh/id_rsa\"]", "project: App/App.csproj", StringComparison.Ordinal)
            + "build:\n  allow_rules: [shell-spawned]\n");
        _workspace.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var scenario = ScenarioLoader.Load(_file);

        Assert.That(scenario.AllowRules, Is.Empty);
        Assert.That(scenario.Build.AllowRules, Is.EqualTo(new[] { new RuleAllowance("shell-spawned", new SourceLocation(_file, 8, 17)) }));
    }

    [Test]
    public void A_misspelt_build_id_names_its_field()
    {
        _workspace.Write("demo.yaml", Valid.Replace("command: [\"/bin/sh\", \"-c\", \"cat ~/.ssh/id_rsa\"]", "project: App/App.csproj", StringComparison.Ordinal)
            + "build:\n  allow_rules: [shell-spawn]\n");
        _workspace.Write("App/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file));

        Assert.That(error.Message, Is.EqualTo($"{_file}:8:17: build.allow_rules[0]: found 'shell-spawn', which is no rule; did you mean 'shell-spawned'?"));
    }

    [Test]
    public void Absent_means_none()
    {
        _workspace.Write("demo.yaml", Valid);

        Assert.That(ScenarioLoader.Load(_file).AllowRules, Is.Empty);
    }

    [Test]
    public void A_misspelt_id_is_refused_with_the_closest_rule()
    {
        _workspace.Write("demo.yaml", Valid + "allow_rules: [credentials-read]\n");

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file));

        Assert.That(error.Message, Is.EqualTo($"{_file}:7:15: allow_rules[0]: found 'credentials-read', which is no rule; did you mean 'credential-read'?"));
    }

    [Test]
    public void Something_else_than_a_list_is_refused()
    {
        _workspace.Write("demo.yaml", Valid + "allow_rules: shell-spawned\n");

        var error = Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file));

        Assert.That(error.Message, Does.StartWith($"{_file}:7:14: allow_rules: found 'shell-spawned'; expected a list of rule ids"));
    }
}
