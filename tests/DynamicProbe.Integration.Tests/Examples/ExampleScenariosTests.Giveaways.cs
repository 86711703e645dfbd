namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>Issue 6 part 3: a program that stays quiet when it sees a container sees none, so it acts and is caught.</summary>
public sealed partial class ExampleScenariosTests
{
    [Test]
    public void ProgramThatHidesFromContainersSeesNoneAndIsCaughtStealing()
    {
        var scenario = _run.Scenario("container-aware-stealer");
        var run = scenario.GetProperty("steps").EnumerateArray().Single();
        Assert.That(run.GetProperty("stdout").GetString(), Is.EqualTo("no sandbox seen; metrics sent: 200\n"),
            "one of its container checks fired: " + run);

        var finding = FindingOf("container-aware-stealer", "honeytoken-exfiltration");
        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("critical"));
        Assert.That(finding.GetProperty("message").GetString(), Does.Contain("/home/probe/.aws/credentials").And.Contain("telemetry.example.com:80"));
        var capture = Evidence(finding).First(e => e.GetProperty("type").GetString() == "capture");
        Assert.That(capture.GetProperty("dnsName").GetString(), Is.EqualTo("telemetry.example.com"));
        Assert.That(capture.GetProperty("process").GetString(), Is.EqualTo("/app/ContainerAwareStealer"));
        Assert.That(Rules("container-aware-stealer"), Does.Contain("honeytoken-read").And.Contain("unexpected-dns"));
    }
}
