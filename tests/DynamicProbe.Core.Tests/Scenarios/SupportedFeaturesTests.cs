using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Core.Scenarios.Loading;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>
/// Every feature the format describes is parsed in full and runs; what is refused for good (an unsandboxed build) gets
/// a clear error.
/// </summary>
public sealed class SupportedFeaturesTests
{
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
    public void Omitted_network_and_honeytokens_take_the_contract_defaults()
    {
        _workspace.Write("demo.yaml", """
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            steps:
              - run: {}
            """);

        var scenario = ScenarioLoader.Load(_file);

        Assert.That(scenario.Sandbox.Network, Is.EqualTo(NetworkMode.Sinkhole));
        Assert.That(scenario.Sandbox.Honeytokens, Is.True);
    }

    [Test]
    public void Clock_and_variants_are_supported()
    {
        _workspace.Write("demo.yaml", """
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              clock: "2031-01-01T00:00:00Z"
            steps:
              - run: {}
            variants:
              - name: next-year
                clock: "2032-06-01T00:00:00Z"
            """);

        var scenario = ScenarioLoader.Load(_file);

        Assert.That(scenario.Sandbox.Clock, Is.EqualTo(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.That(scenario.Variants.Single().DescribeOverrides(scenario.Sandbox), Is.EqualTo("clock 2032-06-01T00:00:00Z"));
    }

    [Test]
    public void A_variant_describes_what_it_overrides_in_words()
    {
        _workspace.Write("demo.yaml", """
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              env: { ASPNETCORE_ENVIRONMENT: Staging, LOG: "1" }
            steps:
              - run: {}
            variants:
              - name: looks-like-prod
                hostname: db-master-01
                env: { ASPNETCORE_ENVIRONMENT: Production, CI: "" }
                clock: "2032-06-01T08:00:00+02:00"
                pids: 100
            """);

        var scenario = ScenarioLoader.Load(_file);

        Assert.That(scenario.Variants.Single().DescribeOverrides(scenario.Sandbox),
            Is.EqualTo("hostname db-master-01, env ASPNETCORE_ENVIRONMENT=Production CI=, clock 2032-06-01T08:00:00+02:00, pids 100"));
    }

    [Test]
    public void Unsandboxed_build_is_never_supported()
    {
        _workspace.Write("App.csproj", "<Project />");

        var message = LoadError("""
            version: 1
            name: demo
            target:
              project: App.csproj
            sandbox:
              network: none
              honeytokens: false
            steps:
              - run: {}
            build:
              sandboxed: false
            """);

        Assert.That(message, Is.EqualTo(
            $"{_file}:11:3: build.sandboxed: false is not supported: DynamicProbe never builds a target on the host, since a "
            + "project's build can run arbitrary commands; remove the line (the build is always sandboxed and probed)"));
    }

    [Test]
    public void A_malformed_clock_gets_its_format_error()
    {
        var message = LoadError("""
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              network: none
              honeytokens: false
              clock: tomorrow
            steps:
              - run: {}
            """);

        Assert.That(message, Does.StartWith($"{_file}:8:10: sandbox.clock: found 'tomorrow'; expected an ISO-8601 timestamp with a time zone"));
        Assert.That(message, Does.Not.Contain("not supported"));
    }

    [Test]
    public void Clock_http_and_variants_parse_into_the_records()
    {
        _workspace.Write("demo.yaml", """
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            sandbox:
              env: { ASPNETCORE_ENVIRONMENT: Production, CI: "true" }
              clock: "2031-01-01T00:00:00Z"
            steps:
              - start: {}
              - http: { method: post, url: "http://127.0.0.1:8080/login", body: '{"user":"admin"}',
                        headers: { Content-Type: application/json }, expect_status: 200 }
            variants:
              - name: next-year
                clock: "2032-06-01T00:00:00+02:00"
              - name: looks-like-prod
                hostname: db-master-01
                env: { CI: "", KUBERNETES_SERVICE_HOST: "10.0.0.1" }
            """);
        var errors = new ScenarioErrors();

        var scenario = ScenarioFileReader.Read(_file, errors)!.Value.Scenario;

        Assert.That(errors.Any, Is.False, errors.Describe());
        Assert.That(scenario.Sandbox.Network, Is.EqualTo(NetworkMode.Sinkhole));
        Assert.That(scenario.Sandbox.Honeytokens, Is.True);
        Assert.That(scenario.Sandbox.Clock, Is.EqualTo(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var http = (HttpStep)scenario.Steps[1];
        Assert.That(http.Location, Is.EqualTo(new SourceLocation(_file, 10, 5)));
        Assert.That(http.Method, Is.EqualTo("POST"));
        Assert.That(http.Url, Is.EqualTo(new Uri("http://127.0.0.1:8080/login")));
        Assert.That(http.Body, Is.EqualTo("{\"user\":\"admin\"}"));
        Assert.That(http.Headers, Is.EqualTo(new Dictionary<string, string> { ["Content-Type"] = "application/json" }));
        Assert.That(http.ExpectStatus, Is.EqualTo(200));

        Assert.That(scenario.Variants.Select(variant => variant.Name), Is.EqualTo(new[] { "next-year", "looks-like-prod" }));
        var nextYear = scenario.Variants[0];
        Assert.That(nextYear.Location, Is.EqualTo(new SourceLocation(_file, 13, 5)));
        Assert.That(nextYear.OverriddenFields, Is.EqualTo(new[] { "clock" }));
        Assert.That(nextYear.Sandbox.Clock, Is.EqualTo(new DateTimeOffset(2032, 6, 1, 0, 0, 0, TimeSpan.FromHours(2))));
        Assert.That(nextYear.Sandbox.Env, Is.EqualTo(scenario.Sandbox.Env));
        var looksLikeProd = scenario.Variants[1];
        Assert.That(looksLikeProd.OverriddenFields, Is.EqualTo(new[] { "hostname", "env" }));
        Assert.That(looksLikeProd.Sandbox.Hostname, Is.EqualTo("db-master-01"));
        Assert.That(looksLikeProd.Sandbox.Clock, Is.EqualTo(scenario.Sandbox.Clock));
        Assert.That(looksLikeProd.Sandbox.Env, Is.EqualTo(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["CI"] = string.Empty,
            ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1",
        }));
    }

    [Test]
    public void Variant_names_must_be_unique_within_the_scenario()
    {
        _workspace.Write("demo.yaml", """
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            steps:
              - run: {}
            variants:
              - name: a
                pids: 10
              - name: a
            """);
        var errors = new ScenarioErrors();

        ScenarioFileReader.Read(_file, errors);

        Assert.That(errors.Describe(), Is.EqualTo(
            $"{_file}:10:11: variants[1].name: found 'a', already the name of the variant at line 8; expected a name unique within the scenario"));
    }

    private string LoadError(string yaml)
    {
        _workspace.Write("demo.yaml", yaml);
        return Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file)).Message;
    }
}
