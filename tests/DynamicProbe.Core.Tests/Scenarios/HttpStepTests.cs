using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>The http step: its fields and defaults, and URLs only on the sandbox's loopback.</summary>
public sealed class HttpStepTests
{
    private const string Header = """
        version: 1
        name: demo
        target:
          command: ["python3", "app.py"]
        steps:
          - start: {}

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
    public void Every_field_is_read_and_omitted_ones_get_their_defaults()
    {
        var steps = LoadSteps("""
              - http: { url: "http://127.0.0.1:8080/health" }
              - http: { method: post, url: "http://localhost:8080/orders", body: '{"sku":"A-1"}',
                        headers: { Content-Type: application/json, X-Request-Id: "42" },
                        expect_status: 201, expect_body_contains: '"status":"accepted"', timeout: 5s }
            """);

        var health = (HttpStep)steps[1];
        Assert.That(health.Method, Is.EqualTo("GET"));
        Assert.That(health.ExpectStatus, Is.Null);
        Assert.That(health.ExpectBodyContains, Is.Null);
        Assert.That(health.Timeout, Is.EqualTo(StepDefaults.HttpTimeout));
        var order = (HttpStep)steps[2];
        Assert.That(order.Location, Is.EqualTo(new SourceLocation(_file, 8, 5)));
        Assert.That(order.Method, Is.EqualTo("POST"));
        Assert.That(order.Url, Is.EqualTo(new Uri("http://localhost:8080/orders")));
        Assert.That(order.Body, Is.EqualTo("{\"sku\":\"A-1\"}"));
        Assert.That(order.Headers, Is.EqualTo(new Dictionary<string, string> { ["Content-Type"] = "application/json", ["X-Request-Id"] = "42" }));
        Assert.That(order.ExpectStatus, Is.EqualTo(201));
        Assert.That(order.ExpectBodyContains, Is.EqualTo("\"status\":\"accepted\""));
        Assert.That(order.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
    }

    [TestCase("http://127.0.0.1:8080/")]
    [TestCase("http://127.1.2.3:80/x")]
    [TestCase("https://[::1]:8443/x")]
    [TestCase("http://LOCALHOST:5000/")]
    public void Loopback_urls_are_accepted(string url)
    {
        var step = (HttpStep)LoadSteps($"  - http: {{ url: \"{url}\" }}\n")[1];

        Assert.That(step.Url, Is.EqualTo(new Uri(url)));
    }

    [TestCase("http://collector.example.com/x", "collector.example.com")]
    [TestCase("http://192.0.2.10:8080/", "192.0.2.10")]
    [TestCase("http://[2001:db8::1]/", "[2001:db8::1]")]
    [TestCase("http://localhost.example.net/", "localhost.example.net")]
    public void Urls_off_the_sandboxs_loopback_are_refused_naming_the_line(string url, string host)
    {
        var message = LoadError(Header + $"  - http: {{ url: \"{url}\" }}\n");

        Assert.That(message, Does.StartWith(
            $"{_file}:7:18: steps[1].http.url: found '{url}', whose host {host} is not on the sandbox's loopback; expected a URL on 127.0.0.1"));
        Assert.That(message, Does.Contain("only loopback reaches the target"));
    }

    [Test]
    public void Malformed_fields_are_each_named()
    {
        var message = LoadError(Header + """
              - http: { url: "ftp://127.0.0.1/x", expect_body_contains: "", timeout: 0s, expect_status: 99, expect_body: x }
            """);

        Assert.That(message, Does.Contain($"{_file}:7:18: steps[1].http.url: found 'ftp://127.0.0.1/x'; expected an absolute http:// or https:// URL"));
        Assert.That(message, Does.Contain("steps[1].http.expect_body_contains: found an empty string"));
        Assert.That(message, Does.Contain("steps[1].http.timeout:"));
        Assert.That(message, Does.Contain("steps[1].http.expect_status:"));
        Assert.That(message, Does.Contain("steps[1].http.expect_body: unknown field; expected one of: method, url, body, headers, expect_status, expect_body_contains, timeout"));
    }

    [Test]
    public void An_http_step_needs_a_started_target()
    {
        var message = LoadError("""
            version: 1
            name: demo
            target:
              command: ["python3", "app.py"]
            steps:
              - http: { url: "http://127.0.0.1:8080/" }
            """);

        Assert.That(message, Is.EqualTo($"{_file}:6:5: steps[0].http: the target has not been started; expected a '- start: {{}}' step before it"));
    }

    private IReadOnlyList<ScenarioStep> LoadSteps(string steps)
    {
        _workspace.Write("demo.yaml", Header + steps);
        return ScenarioLoader.Load(_file).Steps;
    }

    private string LoadError(string yaml)
    {
        _workspace.Write("demo.yaml", yaml);
        return Assert.Throws<UserErrorException>(() => ScenarioLoader.Load(_file)).Message;
    }
}
