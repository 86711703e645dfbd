namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// The always-on rule examples: build-key-reader, memfd-loader, authorized-keys-writer, each under an expect loose
/// enough to allow what it does; and the benign examples, which no rule names, silenced or not.
/// </summary>
public sealed partial class ExampleScenariosTests
{
    [Test]
    public void AKeyReadByAnInlineBuildTaskIsCaughtInTheBuildWhateverTheGlobAllows()
    {
        var finding = FindingOf("build-key-reader", "credential-read");

        Assert.That(finding.GetProperty("phase").GetString(), Is.EqualTo("build"));
        Assert.That(finding.GetProperty("technique").GetString(), Is.EqualTo("T1552.004"));
        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("high"));
        var read = Evidence(finding).Single();
        Assert.That(read.GetProperty("path").GetString(), Is.EqualTo("/home/probe/.ssh/id_rsa"));
        Assert.That(read.GetProperty("process").GetString(), Is.EqualTo("/usr/share/dotnet/dotnet"), "MSBuild itself read it: no shell");
        var scenario = _run.Scenario("build-key-reader");
        Assert.That(scenario.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("phase").GetString() == "run"), Is.Empty, Findings(scenario));
    }

    [Test]
    public void CodeRunFromAMemfdIsCriticalWhateverTheProcessesGlobAllows()
    {
        var finding = FindingOf("memfd-loader", "memfd-exec");

        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("critical"));
        Assert.That(finding.GetProperty("technique").GetString(), Is.EqualTo("T1620"));
        var exec = Evidence(finding).Single();
        Assert.That(exec.GetProperty("path").GetString(), Does.Match(@"^/proc/(self|\d+)/fd/\d+$"));
        Assert.That(exec.GetProperty("process").GetString(), Is.EqualTo("/app/MemfdLoader"));
        Assert.That(exec.GetProperty("result").GetInt32(), Is.EqualTo(0), "the memfd ran");
    }

    [Test]
    public void AKeyPlantedThroughASymlinkAndDotDotIsCriticalPersistenceNamingTheResolvedPath()
    {
        var scenario = _run.Scenario("authorized-keys-writer");
        var finding = FindingOf("authorized-keys-writer", "persistence-write");

        Assert.That(finding.GetProperty("severity").GetString(), Is.EqualTo("critical"));
        Assert.That(finding.GetProperty("technique").GetString(), Is.EqualTo("T1098.004"));
        Assert.That(finding.GetProperty("message").GetString(), Is.EqualTo("wrote to a persistence location: /home/probe/.ssh/authorized_keys (via /tmp/.cache-keys)"));
        Assert.That(Evidence(finding).Select(e => e.GetProperty("path").GetString()), Is.EqualTo(new[] { "/tmp/.cache-keys", "/home/probe/.ssh/authorized_keys" }),
            "the write through the link, then the one through '..' (resolved by the monitor)");
        Assert.That(finding.GetProperty("occurrences").GetInt32(), Is.EqualTo(2));
        Assert.That(scenario.GetProperty("findings").GetArrayLength(), Is.EqualTo(1), Findings(scenario));
    }

    [TestCase("hello-console")]
    [TestCase("file-processor")]
    [TestCase("config-summary")]
    [TestCase("loopback-service")]
    [TestCase("orders-service")]
    [TestCase("nth-request-backdoor-two-orders")]
    [TestCase("time-bomb")]
    public void NoRuleNamesABenignExampleNotEvenSilenced(string name)
    {
        var scenario = _run.Scenario(name);

        Assert.That(scenario.GetProperty("findings").GetArrayLength(), Is.Zero, Findings(scenario));
        Assert.That(scenario.GetProperty("silenced").GetArrayLength(), Is.Zero, Findings(scenario));
    }
}
