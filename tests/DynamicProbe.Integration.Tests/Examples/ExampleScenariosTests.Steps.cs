using System.Globalization;
using System.Text.Json;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>Services driven by steps (http requests among them): findings name the step they happened in.</summary>
public sealed partial class ExampleScenariosTests
{
    [Test]
    public void A_benign_service_driven_through_every_kind_of_step_comes_out_clean()
    {
        var scenario = _run.Scenario("orders-service");

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("clean"), Findings(scenario));
        var steps = scenario.GetProperty("steps").EnumerateArray().ToList();
        Assert.That(steps.Select(s => s.GetProperty("kind").GetString()),
            Is.EqualTo(new[] { "start", "wait_for", "http", "http", "http", "exec", "sleep", "stop" }));
        Assert.That(steps.Select(s => s.GetProperty("succeeded").GetBoolean()), Is.All.True, Findings(scenario));
        var bounds = steps.Select(s => (Started: s.GetProperty("started").GetDateTimeOffset(), Ended: s.GetProperty("ended").GetDateTimeOffset())).ToList();
        Assert.That(bounds.All(b => b.Started <= b.Ended) && bounds.Zip(bounds.Skip(1)).All(p => p.First.Ended <= p.Second.Started), Is.True);

        var post = steps[3].GetProperty("http");
        Assert.That(post.GetProperty("issuedBy").GetString(), Is.EqualTo("dynamicprobe"));
        Assert.That(post.GetProperty("method").GetString(), Is.EqualTo("POST"));
        Assert.That(post.GetProperty("status").GetInt32(), Is.EqualTo(201));
        Assert.That(post.GetProperty("responseBody").GetString(), Is.EqualTo("{\"id\":1,\"status\":\"accepted\",\"requestId\":\"probe-0001\"}"));
        Assert.That(steps[4].GetProperty("http").GetProperty("responseBody").GetString(), Does.Contain("\"sku\":\"A-1\""));
    }

    [Test]
    public void A_backdoor_on_the_third_request_is_caught_in_that_step()
    {
        var scenario = _run.Scenario("nth-request-backdoor");
        var thirdPost = "steps[5] http line 20";

        foreach (var rule in new[] { "honeytoken-read", "honeytoken-exfiltration" })
        {
            var finding = FindingOf("nth-request-backdoor", rule);
            Assert.That(StepOf(finding.GetProperty("step")), Is.EqualTo(thirdPost), rule);
            Assert.That(finding.GetProperty("steps").EnumerateArray().Select(StepOf), Is.EqualTo(new[] { thirdPost }), rule);
            Assert.That(Evidence(finding).Select(e => StepOf(e.GetProperty("step"))), Is.All.EqualTo(thirdPost), rule);
        }

        var stepsNamed = scenario.GetProperty("findings").EnumerateArray().SelectMany(f => f.GetProperty("steps").EnumerateArray()).Select(StepOf);
        Assert.That(stepsNamed, Is.All.EqualTo(thirdPost), "the first two orders and the health check did nothing wrong");
        Assert.That(scenario.GetProperty("steps")[5].GetProperty("http").GetProperty("status").GetInt32(), Is.EqualTo(201));
    }

    [Test]
    public void The_same_backdoor_driven_with_too_few_requests_comes_out_clean()
    {
        var scenario = _run.Scenario("nth-request-backdoor-two-orders");

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("clean"), Findings(scenario));
        Assert.That(scenario.GetProperty("steps").EnumerateArray().Count(s => s.GetProperty("kind").GetString() == "http"), Is.EqualTo(3));
    }

    /// <summary>A JSON <c>step</c> as <c>steps[5] http line 20</c>, or its label (<c>after-steps</c>).</summary>
    private static string StepOf(JsonElement step) =>
        step.TryGetProperty("index", out var index)
            ? string.Create(CultureInfo.InvariantCulture, $"steps[{index.GetInt32()}] {step.GetProperty("kind").GetString()} line {step.GetProperty("line").GetInt32()}")
            : step.GetProperty("kind").GetString()!;
}
