namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>User errors end with a message naming the problem and its fix, exit code 2, and no stack trace.</summary>
public sealed class CommandLineErrorsTests
{
    [Test]
    public async Task BadScenarioNamesFileLineAndField()
    {
        var folder = Directory.CreateTempSubdirectory("dynamicprobe-cli-");
        try
        {
            var file = Path.Combine(folder.FullName, "bad.yaml");
            await File.WriteAllTextAsync(file, "version: 1\nname: bad\ntarget:\n  command: [\"/bin/true\"]\nsandbox:\n  network: none\n  honeytokens: false\n  timout: 5s\nsteps:\n  - run: {}\n");

            var run = await CliRun.ExecuteAsync("run", file);

            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Error, Does.Contain($"{file}:8:3").And.Contain("timeout"));
            Assert.That(run.Error, Does.Not.Contain("   at "));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task MissingPathIsExitCode2()
    {
        var run = await CliRun.ExecuteAsync("run", "/nonexistent/scenarios");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("/nonexistent/scenarios"));
    }

    [TestCase("run", "--fail-on", "severe", "x.yaml")]
    [TestCase("run", "--parallel", "0", "x.yaml")]
    [TestCase("run", "--no-such-flag", "x.yaml")]
    [TestCase("explode")]
    public async Task BadFlagsAreExitCode2WithUsageHint(params string[] args)
    {
        var run = await CliRun.ExecuteAsync(args);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("--help"));
    }
}
