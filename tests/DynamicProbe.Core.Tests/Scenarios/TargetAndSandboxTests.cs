using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>Command targets, and the defaults a scenario gets for what it leaves out.</summary>
public sealed class TargetAndSandboxTests
{
    private ScenarioWorkspace _workspace = null!;

    [SetUp]
    public void CreateWorkspace() => _workspace = new ScenarioWorkspace();

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public void Command_args_are_appended_to_the_command_and_workdir_is_resolved()
    {
        _workspace.CreateFolder("pyapp");
        var scenario = Load("""
            target:
              command: ["python3", "app.py"]
              args: ["--port", "8080"]
              workdir: ./pyapp/
            sandbox:
              network: none
              honeytokens: false
            """);

        Assert.That(scenario.Target.IsProject, Is.False);
        Assert.That(scenario.Target.Command, Is.EqualTo(new[] { "python3", "app.py", "--port", "8080" }));
        Assert.That(scenario.Target.Args, Is.Empty);
        Assert.That(scenario.Target.WorkdirPath, Is.EqualTo(_workspace.PathOf("pyapp")));
    }

    [Test]
    public void Project_target_gets_the_default_configuration_and_no_args()
    {
        _workspace.Write("src/App.fsproj", "<Project />");
        var scenario = Load("""
            target:
              project: src/App.fsproj
            sandbox:
              network: none
              honeytokens: false
            """);

        Assert.That(scenario.Target.ProjectPath, Is.EqualTo(_workspace.PathOf("src/App.fsproj")));
        Assert.That(scenario.Target.Configuration, Is.EqualTo(TargetSpec.DefaultConfiguration));
        Assert.That(scenario.Target.Args, Is.Empty);
        Assert.That(scenario.Build.Sandboxed, Is.True);
    }

    [Test]
    public void Omitted_sandbox_fields_get_the_contract_defaults()
    {
        var scenario = Load("""
            target:
              command: ["true"]
            sandbox:
              network: none
              honeytokens: false
            expect:
            """);

        var sandbox = scenario.Sandbox;
        Assert.That(sandbox.Image, Is.Null);
        Assert.That(sandbox.Timeout, Is.EqualTo(SandboxSpec.DefaultTimeout));
        Assert.That(sandbox.MemoryBytes, Is.EqualTo(SandboxSpec.DefaultMemoryBytes));
        Assert.That(sandbox.Cpus, Is.EqualTo(SandboxSpec.DefaultCpus));
        Assert.That(sandbox.Pids, Is.EqualTo(SandboxSpec.DefaultPids));
        Assert.That(sandbox.User, Is.EqualTo(SandboxSpec.DefaultUser));
        Assert.That(sandbox.Env, Is.Empty);
        Assert.That(sandbox.Hostname, Is.Null);
        Assert.That(scenario.Description, Is.Null);
        Assert.That(scenario.Expect.FilesRead, Is.Empty);
    }

    [Test]
    public void Sandbox_values_are_read_in_their_notations()
    {
        var scenario = Load("""
            target:
              command: ["true"]
            sandbox:
              network: none
              honeytokens: false
              timeout: 1m30s
              memory: 1G
              cpus: 0.5
              pids: 64
              user: "1000:1000"
              env: { EMPTY: "", NUMBER: 1.50 }
            """);

        var sandbox = scenario.Sandbox;
        Assert.That(sandbox.Timeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(sandbox.MemoryBytes, Is.EqualTo(1L << 30));
        Assert.That(sandbox.Cpus, Is.EqualTo(0.5));
        Assert.That(sandbox.Pids, Is.EqualTo(64));
        Assert.That(sandbox.User, Is.EqualTo("1000:1000"));
        Assert.That(sandbox.Env, Is.EqualTo(new Dictionary<string, string> { ["EMPTY"] = string.Empty, ["NUMBER"] = "1.50" }));
    }

    private Scenario Load(string body)
    {
        var file = _workspace.Write("demo.yaml", "version: 1\nname: demo\nsteps:\n  - run: {}\n" + body);
        return ScenarioLoader.Load(file);
    }
}
