using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Tests.Running;

[TestFixture]
public sealed class HostnameGeneratorTests
{
    private static readonly IReadOnlyList<string> ScenarioNames =
        Enumerable.Range(0, 2000).Select(i => $"scenario-{i}").Concat(["payments-api-startup", "payments-api-startup.next-year", "a", "x.y_z-1"]).ToList();

    [Test]
    public void A_scenario_gets_the_same_name_in_every_process()
    {
        // Fixed by SHA-256 of the scenario name: the same in every process, on every machine, in every release.
        Assert.That(HostnameGenerator.For("payments-api-startup"), Is.EqualTo("ip-10-1-151-142"));
    }

    [Test]
    public void Names_look_like_a_cloud_server_and_never_like_a_container_id()
    {
        var names = ScenarioNames.Select(HostnameGenerator.For).ToList();

        Assert.That(names, Has.All.Match(@"^ip-10-[0-3]-([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])-([2-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4])$"));
        Assert.That(names, Has.None.Match("^[0-9a-f]{12}$"));
        Assert.That(names.Distinct().Count(), Is.GreaterThan(1900), "different scenarios mostly get different names");
    }

    [Test]
    public void No_default_carries_a_word_a_backdoor_could_key_on()
    {
        var names = ScenarioNames.Select(HostnameGenerator.For).ToList();

        foreach (var word in new[] { "prod", "prd", "live", "master", "primary", "dev", "test", "stag", "ci", "sandbox", "docker", "probe" })
        {
            Assert.That(names, Has.None.Contain(word), word);
        }
    }
}
