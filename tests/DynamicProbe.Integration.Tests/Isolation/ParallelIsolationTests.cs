using System.Text;
using System.Text.Json;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Isolation;

/// <summary>
/// Two sandboxes at once never see each other: one <c>dynamicprobe run --parallel 2</c> of isolation-alpha and
/// isolation-bravo (the same script, Scenarios/probe.sh, with its own marker), whose steps overlap in time. Every
/// event, capture, finding and step output of one names only its own marker, pids and canaries; each one's own trail
/// is there, so a run that saw nothing cannot pass.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ParallelIsolationTests
{
    private CliRun _run = null!;

    [OneTimeSetUp]
    public async Task RunBothSideBySide()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "DynamicProbe.Integration.Tests", "Isolation", "Scenarios");
        _run = await CliRun.ExecuteAsync("run", Path.Combine(folder, "alpha.yaml"), Path.Combine(folder, "bravo.yaml"), "--parallel", "2");
        TestContext.Progress.WriteLine(_run.Error);
    }

    [OneTimeTearDown]
    public void DisposeReport() => _run.Report?.Dispose();

    [Test]
    public void TheTwoRunsOverlappedInTime()
    {
        var alpha = Scenario("alpha");
        var bravo = Scenario("bravo");
        var (alphaStart, alphaEnd) = StepWindow(alpha);
        var (bravoStart, bravoEnd) = StepWindow(bravo);
        var overlap = (alphaEnd < bravoEnd ? alphaEnd : bravoEnd) - (alphaStart > bravoStart ? alphaStart : bravoStart);
        TestContext.Progress.WriteLine($"alpha's step {alphaStart:HH:mm:ss.fff}-{alphaEnd:HH:mm:ss.fff}, bravo's {bravoStart:HH:mm:ss.fff}-{bravoEnd:HH:mm:ss.fff}: overlap {overlap.TotalSeconds:F1} s");

        Assert.That(overlap, Is.GreaterThan(TimeSpan.Zero), "the steps did not overlap: this run proves nothing about isolation");
        Assert.That(Events(alpha).Count(e => Within(e, bravoStart, bravoEnd)), Is.GreaterThan(0), "none of alpha's events happened while bravo's step ran");
        Assert.That(Events(bravo).Count(e => Within(e, alphaStart, alphaEnd)), Is.GreaterThan(0), "none of bravo's events happened while alpha's step ran");
    }

    [TestCase("alpha")]
    [TestCase("bravo")]
    public void EachRunSeesItsOwnTrail(string marker)
    {
        var scenario = Scenario(marker);
        var events = Events(scenario).ToList();

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("findings"), _run.Error);
        Assert.That(scenario.GetProperty("phases").EnumerateArray().All(p => p.GetProperty("complete").GetBoolean()), Is.True, "events were lost");
        Assert.That(events.Where(e => Type(e) == "exec").SelectMany(e => e.GetProperty("argv").EnumerateArray()).Select(a => a.GetString()),
            Does.Contain($"/tmp/{marker}-touched-1"));
        Assert.That(events.Where(e => Type(e) == "file").Select(e => e.GetProperty("path").GetString()), Does.Contain($"/tmp/{marker}-file-1"));
        Assert.That(events.Where(e => Type(e) == "dns").Select(e => e.GetProperty("name").GetString()), Does.Contain($"{marker}-1.example.com"));
        var captures = events.Where(e => Type(e) == "capture").ToList();
        Assert.That(captures.Select(e => e.GetProperty("dnsName").GetString()), Does.Contain($"{marker}.example.net"));
        Assert.That(captures.Select(FirstBytes), Has.Some.Contains($"GET /{marker}-1 "));

        var exfiltration = Findings(scenario).Single(f => f.GetProperty("rule").GetString() == "honeytoken-exfiltration");
        Assert.That(exfiltration.GetProperty("message").GetString(), Does.Contain($"{marker}.example.net"));
        var ownSecret = Canaries(marker)[1];
        Assert.That(exfiltration.GetProperty("evidence").EnumerateArray().Select(FirstBytes), Has.All.Contains($"X-Key: {ownSecret}"));
    }

    [TestCase("alpha", "bravo")]
    [TestCase("bravo", "alpha")]
    public void NothingOfTheOtherRunShowsInOnesReport(string marker, string other)
    {
        var scenario = Scenario(marker);
        var texts = Texts(scenario).ToList();
        Assert.That(texts, Has.Some.Contains($"X-Key: {Canaries(marker)[1]}"), "precondition: the scan reads the decoded captures");

        Assert.That(texts.Where(t => t.Contains(other, StringComparison.Ordinal)), Is.Empty, $"{other}'s trail shows in {marker}'s report");
        foreach (var canary in Canaries(other))
        {
            Assert.That(texts.Where(t => t.Contains(canary, StringComparison.Ordinal)), Is.Empty, $"{other}'s canary {canary} shows in {marker}'s report");
        }

        var ownPids = Events(scenario).Select(Pid).ToHashSet();
        var otherPids = Events(Scenario(other)).Select(Pid).ToHashSet();
        Assert.That(ownPids.Intersect(otherPids), Is.Empty, $"the same host pids show in {marker}'s and {other}'s events");
    }

    [Test]
    public void EachRunGotFreshCanaries()
    {
        var alpha = Canaries("alpha");
        var bravo = Canaries("bravo");

        Assert.That(alpha, Has.Length.EqualTo(3));
        Assert.That(bravo, Has.Length.EqualTo(3));
        Assert.That(alpha.Intersect(bravo), Is.Empty);
    }

    private JsonElement Scenario(string marker) => _run.Scenario("isolation-" + marker);

    /// <summary>AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and GITHUB_TOKEN, as the run's script printed them.</summary>
    private string[] Canaries(string marker)
    {
        var stdout = Scenario(marker).GetProperty("steps")[0].GetProperty("stdout").GetString() ?? "";
        var line = stdout.Split('\n').Single(l => l.StartsWith($"{marker} canaries: ", StringComparison.Ordinal));
        return line[$"{marker} canaries: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static (DateTimeOffset Start, DateTimeOffset End) StepWindow(JsonElement scenario)
    {
        var step = scenario.GetProperty("steps")[0];
        Assert.That(step.GetProperty("succeeded").GetBoolean(), Is.True, step.ToString());
        return (step.GetProperty("started").GetDateTimeOffset(), step.GetProperty("ended").GetDateTimeOffset());
    }

    private static IEnumerable<JsonElement> Findings(JsonElement scenario) => scenario.GetProperty("findings").EnumerateArray();

    private static IEnumerable<JsonElement> Events(JsonElement scenario) => Findings(scenario).SelectMany(f => f.GetProperty("evidence").EnumerateArray());

    private static string? Type(JsonElement probeEvent) => probeEvent.GetProperty("type").GetString();

    private static int Pid(JsonElement probeEvent) => probeEvent.GetProperty("pid").GetInt32();

    private static bool Within(JsonElement probeEvent, DateTimeOffset start, DateTimeOffset end)
    {
        var time = probeEvent.GetProperty("time").GetDateTimeOffset();
        return time >= start && time <= end;
    }

    private static string FirstBytes(JsonElement capture) =>
        capture.TryGetProperty("firstBytesBase64", out var bytes) ? Encoding.Latin1.GetString(bytes.GetBytesFromBase64()) : "";

    /// <summary>Every string of a scenario's report but its file path (the checkout's folder names are not the run's), captured bytes decoded.</summary>
    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject()
            .Where(p => p.Name != "file")
            .SelectMany(p => p.Name == "firstBytesBase64" ? [FirstBytes(element)] : Texts(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        JsonValueKind.String => [element.GetString()!],
        _ => [],
    };
}
