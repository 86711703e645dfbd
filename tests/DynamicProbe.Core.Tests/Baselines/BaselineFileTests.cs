using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Baselines;
using DynamicProbe.Core.Pipeline;
using static DynamicProbe.Core.Tests.Baselines.BaselineRecordings;

namespace DynamicProbe.Core.Tests.Baselines;

public sealed class BaselineFileTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"dynamicprobe-baseline-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AProfileIsWrittenSortedPerPhaseWithAHeaderSayingHowToReRecord()
    {
        var scenario = Scenario(Path.Combine(_folder, "tool.yaml"));
        var (recording, canary) = FirstRun();

        var text = BaselineFile.Format(scenario, Profile(PhaseProfile.Of(recording, null, Defaults, [canary])));

        var lines = text.Split('\n');
        Assert.That(lines.Where(l => l.StartsWith('#')), Has.Some.Contains("dynamicprobe baseline record").And.Some.Contains("tool.yaml"));
        var run = lines.SkipWhile(l => l != "[run]").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.That(run, Is.EqualTo(run.Order(StringComparer.Ordinal)), "sorted, so a re-recording diffs line by line");
        Assert.That(run, Does.Contain("connect api.example.com:443").And.Contain("write /tmp/*.tmp").And.Contain("dns <canary>.stats.example.com"));
        Assert.That(lines, Does.Contain("[build]"), "a project's build phase has its section, even when empty");
    }

    [Test]
    public void WhatIsWrittenReadsBackTheSame()
    {
        var scenario = Scenario(Path.Combine(_folder, "tool.yaml"), "next-year");
        var (recording, canary) = FirstRun();
        var profile = Profile(PhaseProfile.Of(recording, null, Defaults, [canary]), PhaseProfile.Of(recording, "next-year", Defaults, [canary]));
        System.IO.File.WriteAllText(BaselineFile.PathFor(scenario), BaselineFile.Format(scenario, profile));

        var read = BaselineFile.Load(scenario);

        Assert.That(read.Phases.Select(p => p.Section), Is.EqualTo(new[] { "build", "run", "run next-year" }));
        Assert.That(read.Section("run")!.Behaviours.Keys, Is.EquivalentTo(profile.Section("run")!.Behaviours.Keys));
        Assert.That(read.Section("run next-year")!.Behaviours.Keys, Is.EquivalentTo(profile.Section("run next-year")!.Behaviours.Keys));
    }

    [Test]
    public void HostileTextStaysOnItsOwnLineAndReadsBackExactly()
    {
        var scenario = Scenario(Path.Combine(_folder, "tool.yaml"));
        string[] hostile = ["/tmp/a\nexec /bin/fake", "/tmp/back\\slash\\u0041", "/tmp/\u202Egnp.exe", "/tmp/trailing ", "/tmp/\x1b[2Jclear", "/tmp/lone\uD800half"];
        var keys = hostile.ToDictionary(h => new BehaviourKey(ActionKind.FileWrite, h), _ => (IReadOnlyList<ObservedAction>)[]);

        var text = BaselineFile.Format(scenario, Profile(new PhaseProfile("run", keys)));
        var read = BaselineFile.Parse(text, "tool.baseline", scenario);

        Assert.That(text.Split('\n').Count(l => l.StartsWith("write ", StringComparison.Ordinal)), Is.EqualTo(hostile.Length));
        Assert.That(text, Does.Not.Contain("\u202E").And.Not.Contain("\x1b").And.Not.Contain("\nexec"));
        Assert.That(read.Section("run")!.Behaviours.Keys.Select(k => k.Subject), Is.EquivalentTo(hostile));
    }

    [Test]
    public void AMissingBaselineNamesTheFileAndTheCommandThatRecordsIt()
    {
        var scenario = Scenario(Path.Combine(_folder, "tool.yaml"));

        var error = Assert.Throws<UserErrorException>(() => BaselineFile.Load(scenario))!;

        Assert.That(error.Message, Does.Contain(Path.Combine(_folder, "tool.baseline")).And.Contain("dynamicprobe baseline record"));
    }

    [Test]
    public void ABadLineIsNamedByFileAndLine()
    {
        var scenario = Scenario(Path.Combine(_folder, "tool.yaml"));
        System.IO.File.WriteAllText(BaselineFile.PathFor(scenario), "# header\nversion 1\nscenario tool\n\n[build]\n[run]\nexec /app/Tool\nopen /etc/passwd\n");

        var error = Assert.Throws<UserErrorException>(() => BaselineFile.Load(scenario))!;

        Assert.That(error.Message, Does.StartWith($"{BaselineFile.PathFor(scenario)}:8: ").And.Contain("open /etc/passwd").And.Contain("re-record"));
    }

    [Test]
    public void ABaselineWithoutAPhaseTheScenarioNowHasMustBeReRecorded()
    {
        var scenario = Scenario(Path.Combine(_folder, "tool.yaml"));
        System.IO.File.WriteAllText(BaselineFile.PathFor(scenario), BaselineFile.Format(scenario, BehaviourProfile.Empty));
        var withVariant = Scenario(Path.Combine(_folder, "tool.yaml"), "next-year");

        var error = Assert.Throws<UserErrorException>(() => BaselineFile.Load(withVariant))!;

        Assert.That(error.Message, Does.Contain("[run next-year]").And.Contain("dynamicprobe baseline record"));
    }

    [Test]
    public void ABaselineOfAnotherScenarioIsRefused()
    {
        var scenario = Scenario(Path.Combine(_folder, "tool.yaml"));
        System.IO.File.WriteAllText(BaselineFile.PathFor(scenario), "version 1\nscenario other\n[build]\n[run]\n");

        var error = Assert.Throws<UserErrorException>(() => BaselineFile.Load(scenario))!;

        Assert.That(error.Message, Does.Contain(":2: ").And.Contain("scenario tool"));
    }

    private static BehaviourProfile Profile(params PhaseProfile[] phases) => new(phases);
}
