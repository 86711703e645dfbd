using System.Text.Json;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>One finding per behaviour: a wipe is one finding with its listings, a tunnel's names one per domain.</summary>
public sealed partial class ExampleScenariosTests
{
    [Test]
    public void TheHomeWipeIsOneFindingCountingTheTreesAndTheListingsItNeeded()
    {
        var scenario = _run.Scenario("home-wiper");
        var findings = scenario.GetProperty("findings").EnumerateArray().ToList();

        Assert.That(findings.Select(f => f.GetProperty("rule").GetString()), Is.EqualTo(new[] { "home-data-destroyed" }), Findings(scenario));
        var wipe = findings[0];
        Assert.That(wipe.GetProperty("message").GetString(), Does.StartWith("deleted ").And.Contain(" items in /home/probe, among them the trees ")
            .And.Match(@"; listed \d+ folders$"));
        var listings = Evidence(wipe).Where(e => e.GetProperty("operation").GetString() == "read").ToList();
        Assert.That(listings.Select(e => e.GetProperty("flagNames").GetString()), Is.Not.Empty.And.All.Contain("O_DIRECTORY"));
        Assert.That(listings.Select(e => e.GetProperty("path").GetString()), Does.Contain("/home/probe").And.Contain("/home/probe/Documents"));
        Assert.That(Accounted(wipe), Is.EqualTo(wipe.GetProperty("occurrences").GetInt32()), "every event is an entry, a repeat or counted as left out");
    }

    [Test]
    public void TheTunnelsChunkNamesAreOneFindingUnderTheirDomainWithTheEncodingNamed()
    {
        var scenario = _run.Scenario("dns-tunnel");
        var lookups = scenario.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "unexpected-dns").ToList();

        Assert.That(lookups, Has.Count.EqualTo(1), Findings(scenario));
        Assert.That(lookups[0].GetProperty("message").GetString(), Does.Match(@"^looked up \d+ distinct names under example\.org \(labels look encoded: hex\), e\.g\. [0-9a-f]{30}\.0\.exfil\.example\.org$"));
        Assert.That(Accounted(lookups[0]), Is.EqualTo(lookups[0].GetProperty("occurrences").GetInt32()));
    }

    private static int Accounted(JsonElement finding) =>
        Evidence(finding).Sum(e => e.TryGetProperty("repeats", out var repeats) ? repeats.GetInt32() : 1) + finding.GetProperty("evidenceOmitted").GetInt32();
}
