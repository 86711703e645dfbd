using System.Text.Json;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Variants;

/// <summary>
/// <c>sandbox.clock</c> end to end, in one CLI run of scenarios written here: real Docker, the real monitor and
/// libfaketime from the base image. The fake time must reach a shell tool and a .NET program, and a run whose fake
/// time cannot be trusted (a static program, a check that sees the real time) must come out inconclusive.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FakeClockRunTests
{
    private DirectoryInfo _folder = null!;
    private CliRun _run = null!;

    [OneTimeSetUp]
    public async Task RunTheClockScenarios()
    {
        _folder = Directory.CreateTempSubdirectory("dynamicprobe-clock-test-");
        var timeBomb = Path.Combine(RepositoryPaths.Root, "scenarios", "samples", "TimeBomb", "TimeBomb.csproj");
        Write("shell-date", """
            target:
              command: ["date", "-u", "+%Y-%m-%dT%H"]
            sandbox:
              network: none
              clock: "2031-01-01T00:00:00Z"
            steps:
              - run: { expect_exit: 0 }
            expect:
              processes: ["/usr/bin/date"]
            """);
        Write("dotnet-clock", $"""
            target:
              project: {timeBomb}
            sandbox:
              network: none
              clock: "2029-06-01T00:00:00Z"
            steps:
              - run: {"{"} expect_exit: 0, stdout_contains: "report: 3 items" {"}"}
            """);
        Write("static-program", """
            target:
              command: ["/sbin/init"]
            sandbox:
              network: none
              honeytokens: false
              clock: "2031-01-01T00:00:00Z"
            steps:
              - run: {}
            """);
        Write("clock-overridden", """
            target:
              command: ["date", "-u", "+%Y"]
            sandbox:
              network: none
              honeytokens: false
              clock: "2031-01-01T00:00:00Z"
              env: { FAKETIME: "+0" }
            steps:
              - run: { expect_exit: 0 }
            expect:
              processes: ["/usr/bin/date"]
            """);
        _run = await CliRun.ExecuteAsync("run", _folder.FullName, "--parallel", "2");
        TestContext.Progress.WriteLine(_run.Output);
        TestContext.Progress.WriteLine(_run.Error);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        _run.Report?.Dispose();
        _folder.Delete(recursive: true);
    }

    [Test]
    public void AShellToolSeesTheFakeTimeAndTheRunIsClean()
    {
        var scenario = _run.Scenario("shell-date");

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("clean"), scenario.ToString());
        Assert.That(Stdout(scenario), Is.EqualTo("2031-01-01T00\n"));
    }

    [Test]
    public void ADotnetProgramSeesTheFakeTimeAndItsTimersStillRun()
    {
        var scenario = _run.Scenario("dotnet-clock");

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("clean"), scenario.ToString());
        Assert.That(Stdout(scenario), Does.StartWith("utc: 2029-06-01T00:").And.Contain("local: 2029-06-01 00:").And.Contain("offset: 2029-06-01T00:").And.Contain("waited: ok"));
    }

    [Test]
    public void AStaticProgramIgnoresTheClockSoTheRunIsInconclusive()
    {
        var scenario = _run.Scenario("static-program");

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("inconclusive"), scenario.ToString());
        Assert.That(Problems(scenario), Has.One.StartsWith("fake clock: /sbin/init (pid ").And.Contains("never loaded libfaketime"));
    }

    [Test]
    public void ACheckThatSeesTheRealTimeMakesTheRunInconclusive()
    {
        var scenario = _run.Scenario("clock-overridden");

        Assert.That(scenario.GetProperty("verdict").GetString(), Is.EqualTo("inconclusive"), scenario.ToString());
        Assert.That(Problems(scenario), Has.One.StartsWith("fake clock: the sandbox's `date` showed ").And.Contains("libfaketime did not take effect"));
        Assert.That(Stdout(scenario), Is.EqualTo($"{DateTime.UtcNow.Year}\n").Or.EqualTo($"{DateTime.UtcNow.Year - 1}\n"), "FAKETIME +0 really overrode the clock");
    }

    [Test]
    public void OnlyUntrustedClocksAndNoFindingsMakeTheRunExitInconclusive()
    {
        Assert.That(_run.ExitCode, Is.EqualTo(3), _run.Output + _run.Error);
    }

    private void Write(string name, string body) =>
        File.WriteAllText(Path.Combine(_folder.FullName, name + ".yaml"), $"version: 1\nname: {name}\n{body}\n");

    private static string? Stdout(JsonElement scenario) => scenario.GetProperty("steps")[0].GetProperty("stdout").GetString();

    private static IEnumerable<string?> Problems(JsonElement scenario) => scenario.GetProperty("problems").EnumerateArray().Select(p => p.GetString());
}
