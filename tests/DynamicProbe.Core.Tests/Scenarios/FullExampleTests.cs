using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>The full example of scenario-format.md (adjusted to what is supported) loads into the expected records.</summary>
public sealed class FullExampleTests
{
    private ScenarioWorkspace _workspace = null!;
    private string _file = null!;
    private Scenario _scenario = null!;

    [SetUp]
    public void LoadExample()
    {
        _workspace = new ScenarioWorkspace();
        _workspace.Write("samples/PaymentsApi/PaymentsApi.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        _workspace.CreateFolder("samples/pyapp");
        _file = _workspace.CopyFixture("payments-api-startup.yaml", "scenarios/payments-api-startup.yaml");
        _scenario = ScenarioLoader.Load(_file);
    }

    [TearDown]
    public void DeleteWorkspace() => _workspace.Dispose();

    [Test]
    public void Header_fields_are_read()
    {
        Assert.That(_scenario.Name, Is.EqualTo("payments-api-startup"));
        Assert.That(_scenario.Description, Is.EqualTo("Startup, health check and one login of the payments API."));
        Assert.That(_scenario.FilePath, Is.EqualTo(_file));
        Assert.That(_scenario.Folder, Is.EqualTo(_workspace.PathOf("scenarios")));
        Assert.That(_scenario.Variants, Is.Empty);
    }

    [Test]
    public void Target_paths_are_resolved_against_the_scenario_folder()
    {
        var target = _scenario.Target;
        Assert.That(target.IsProject, Is.True);
        Assert.That(target.ProjectPath, Is.EqualTo(_workspace.PathOf("samples/PaymentsApi/PaymentsApi.csproj")));
        Assert.That(target.Configuration, Is.EqualTo("Release"));
        Assert.That(target.Args, Is.EqualTo(new[] { "--urls", "http://127.0.0.1:8080" }));
        Assert.That(target.Command, Is.Null);
        Assert.That(target.WorkdirPath, Is.EqualTo(_workspace.PathOf("samples/pyapp")));
    }

    [Test]
    public void Sandbox_fields_are_read()
    {
        var sandbox = _scenario.Sandbox;
        Assert.That(sandbox.Image, Is.EqualTo("dynamicprobe/dotnet"));
        Assert.That(sandbox.Network, Is.EqualTo(NetworkMode.None));
        Assert.That(sandbox.Timeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(sandbox.MemoryBytes, Is.EqualTo(512L * 1024 * 1024));
        Assert.That(sandbox.Cpus, Is.EqualTo(1.0));
        Assert.That(sandbox.Pids, Is.EqualTo(256));
        Assert.That(sandbox.User, Is.EqualTo("probe"));
        Assert.That(sandbox.Env, Is.EqualTo(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }));
        Assert.That(sandbox.Hostname, Is.EqualTo("payments-prod-01"));
        Assert.That(sandbox.Clock, Is.Null);
        Assert.That(sandbox.Honeytokens, Is.False);
    }

    [Test]
    public void Steps_are_read_in_order_with_their_locations()
    {
        var steps = _scenario.Steps;
        Assert.That(steps, Has.Count.EqualTo(6));
        Assert.That(steps[0], Is.EqualTo(new StartStep(At(26))));
        Assert.That(steps[1], Is.EqualTo(new WaitForStep(At(27), 8080, TimeSpan.FromSeconds(20))));
        var exec = (ExecStep)steps[2];
        Assert.That(exec.Location, Is.EqualTo(At(28)));
        Assert.That(exec.Argv, Is.EqualTo(new[] { "sh", "-c", "ls /tmp" }));
        Assert.That(steps[3], Is.EqualTo(new SleepStep(At(29), TimeSpan.FromSeconds(2))));
        Assert.That(steps[4], Is.EqualTo(new StopStep(At(30), "TERM", TimeSpan.FromSeconds(5))));
        Assert.That(steps[5], Is.EqualTo(new RunStep(At(31), 0, "yes\n", "done")));
    }

    [Test]
    public void Expectations_are_read()
    {
        var expect = _scenario.Expect;
        Assert.That(expect.FilesRead, Is.EqualTo(new[] { "/app/**", "/etc/ssl/**" }));
        Assert.That(expect.FilesWrite, Is.EqualTo(new[] { "/tmp/**", "/app/logs/*.log" }));
        Assert.That(expect.Processes, Is.EqualTo(new[] { "/app/PaymentsApi" }));
        Assert.That(expect.Dns, Is.Empty);
        Assert.That(expect.Connect, Is.EqualTo(new[] { "127.0.0.1:8080" }));
        Assert.That(expect.Listen, Is.EqualTo(new[] { "*:8080" }));
    }

    [Test]
    public void Build_is_sandboxed_with_empty_expectations()
    {
        Assert.That(_scenario.Build.Sandboxed, Is.True);
        Assert.That(_scenario.Build.Expect.FilesRead, Is.Empty);
        Assert.That(_scenario.Build.Expect.Processes, Is.Empty);
    }

    // Each step item is a mapping that starts after "  - ", at column 5.
    private SourceLocation At(int line) => new(_file, line, 5);
}
