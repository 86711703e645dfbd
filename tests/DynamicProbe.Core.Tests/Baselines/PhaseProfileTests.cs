using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Baselines;
using static DynamicProbe.Core.Tests.Baselines.BaselineRecordings;

namespace DynamicProbe.Core.Tests.Baselines;

public sealed class PhaseProfileTests
{
    [Test]
    public void TwoRunsOfTheSameProgramGiveTheSameProfile()
    {
        var (first, firstCanary) = FirstRun();
        var (second, secondCanary) = SecondRun();

        var a = PhaseProfile.Of(first, null, Defaults, [firstCanary]);
        var b = PhaseProfile.Of(second, null, Defaults, [secondCanary]);

        Assert.That(b.Behaviours.Keys, Is.EquivalentTo(a.Behaviours.Keys));
    }

    [Test]
    public void RunSpecificPartsAreFoldedToStablePatterns()
    {
        var (recording, canary) = FirstRun();

        var keys = PhaseProfile.Of(recording, null, Defaults, [canary]).Behaviours.Keys;

        Assert.That(keys, Is.EquivalentTo(new BehaviourKey[]
        {
            new(ActionKind.ProcessExec, "/app/Tool"),
            new(ActionKind.FileRead, "/home/probe/.aws/credentials"),
            new(ActionKind.FileWrite, "/tmp/*.tmp"),
            new(ActionKind.FileDelete, "/tmp/*.tmp"),
            new(ActionKind.FileWrite, "/tmp/report-#.txt"),
            new(ActionKind.DnsQuery, $"{BehaviourKey.Canary}.stats.example.com"),
            new(ActionKind.DnsQuery, "*.0.exfil.example.org"),
            new(ActionKind.DnsQuery, "api.example.com"),
            new(ActionKind.NetworkConnect, "api.example.com:443"),
            new(ActionKind.NetworkListen, $"127.0.0.1:{BehaviourKey.EphemeralPort}"),
            new(ActionKind.NetworkListen, "127.0.0.1:8080"),
            new(ActionKind.NetworkConnect, "/tmp/tool-#.sock"),
        }));
    }

    [Test]
    public void WhatTheImagesAllowancesCoverIsNotTheProgramsBehaviour()
    {
        var (recording, canary) = FirstRun();

        var keys = PhaseProfile.Of(recording, null, Defaults, [canary]).Behaviours.Keys;

        Assert.That(keys.Where(k => k.Subject.StartsWith("/app/Tool.dll", StringComparison.Ordinal) || k.Subject.StartsWith("/proc/", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void EachBehaviourKeepsTheActionsThatShowedIt()
    {
        var (recording, canary) = FirstRun();

        var profile = PhaseProfile.Of(recording, "next-year", Defaults, [canary]);

        var write = profile.Behaviours[new BehaviourKey(ActionKind.FileWrite, "/tmp/*.tmp")].Single();
        Assert.That(write.Event, Is.SameAs(recording.Events[4]));
        Assert.That(profile.Section, Is.EqualTo("run next-year"));
        Assert.That(profile.Variant, Is.EqualTo("next-year"));
    }
}
