using System.Text.Json;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>The time bomb (samples/TimeBomb): clean as written, caught as trigger-dependent under a clock variant.</summary>
public sealed partial class ExampleScenariosTests
{
    [Test]
    public void TimeBombLooksCleanWithoutAVariant()
    {
        var scenario = _run.Scenario("time-bomb");

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("clean"), Findings(scenario));
        Assert.That(scenario.GetProperty("steps")[0].GetProperty("stdout").GetString(), Does.StartWith($"utc: {DateTime.UtcNow.Year}"));
    }

    [Test]
    public void TimeBombIsCaughtUnderTheClockVariantWithTheVariantAndTheClockNamed()
    {
        FindingOf("time-bomb-variants", "trigger-dependent");
        // The wipe is one finding: the tree of Documents, with the listing of it the deletion needed.
        var wipe = _run.Scenario("time-bomb-variants").GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() == "trigger-dependent")
            .SingleOrDefault(f => f.GetProperty("message").GetString()!.StartsWith("deleted the tree /home/probe/Documents (", StringComparison.Ordinal));

        Assert.That(wipe.ValueKind, Is.EqualTo(JsonValueKind.Object), Findings(_run.Scenario("time-bomb-variants")));
        Assert.That(wipe.GetProperty("variant").GetString(), Is.EqualTo("next-year"));
        Assert.That(wipe.GetProperty("severity").GetString(), Is.EqualTo("high"));
        Assert.That(wipe.GetProperty("message").GetString(), Does.Contain("only under variant next-year (clock 2032-06-01T00:00:00Z), never under default"));
        Assert.That(Evidence(wipe).Where(e => e.TryGetProperty("path", out _)).Select(e => e.GetProperty("path").GetString()),
            Does.Contain("/home/probe/Documents/notes.txt"));
    }

    [Test]
    public void TimeBombFindingsAllComeFromTheVariantAndTheDefaultRunStaysQuiet()
    {
        var scenario = _run.Scenario("time-bomb-variants");
        var runFindings = scenario.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("phase").GetString() == "run").ToList();

        Assert.That(runFindings.Select(f => f.GetProperty("variant").GetString()), Is.All.EqualTo("next-year"), Findings(scenario));
        Assert.That(runFindings.Select(f => f.GetProperty("rule").GetString()), Does.Contain("home-data-destroyed"));
        Assert.That(scenario.GetProperty("phases").EnumerateArray().Select(Variant), Is.EqualTo(new[] { null, "default", "next-year" }));
        var variant = scenario.GetProperty("variants").EnumerateArray().Single();
        Assert.That(variant.GetProperty("trigger").GetString(), Is.EqualTo("clock 2032-06-01T00:00:00Z"));
        Assert.That(variant.GetProperty("steps")[0].GetProperty("stdout").GetString(), Does.StartWith("utc: 2032-06-01T00:"));
    }

    private static string? Variant(JsonElement phase) => phase.TryGetProperty("variant", out var name) ? name.GetString() : null;
}
