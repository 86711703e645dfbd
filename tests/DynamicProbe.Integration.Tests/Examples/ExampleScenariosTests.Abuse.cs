using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>The resource-abuse and escape examples: daemonizing-child, fork-bomb, memory-bomb.</summary>
public sealed partial class ExampleScenariosTests
{
    [Test]
    public void ADaemonizingChildIsCaughtEscapingAndWhatItDidAfterwardsIsReported()
    {
        var escape = FindingOf("daemonizing-child", "process-escaped");

        Assert.That(escape.GetProperty("message").GetString(), Does.StartWith("1 process(es) kept running after the run step at ")
            .And.Contain("daemonizing-child.yaml:17:5 ended").And.Contain("sleep 3; cat ~/.aws/credentials").And.Contain("until they exited"));
        var escapee = int.Parse(Regex.Match(escape.GetProperty("message").GetString()!, @"\(host pid (\d+)\)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(Evidence(escape).Where(e => e.GetProperty("type").GetString() == "fork" && e.GetProperty("childPid").GetInt32() == escapee), Has.Exactly(1).Items,
            "the fork that made the escapee is evidence");

        // Acting 3 s after the program exited, the child was still observed, and its theft and persistence are findings.
        var write = Evidence(FindingOf("daemonizing-child", "persistence-write")).First();
        Assert.That(write.GetProperty("path").GetString(), Is.EqualTo("/home/probe/.bashrc"));
        Assert.That(write.GetProperty("pid").GetInt32(), Is.EqualTo(escapee));
        Assert.That(Rules("daemonizing-child"), Does.Contain("honeytoken-read"));
        Assert.That(StepsOf("daemonizing-child").Single().GetProperty("succeeded").GetBoolean(), Is.True);
    }

    [Test]
    public void ASelfSpawningForkBombIsReportedWithTheRefusedForksAndTheLimit()
    {
        var pids = FindingOf("fork-bomb", "pids-limit-reached");

        Assert.That(pids.GetProperty("message").GetString(), Does.Match(@"^the pids limit of 48 was reached: the kernel refused [1-9]\d* fork\(s\)"));
        Assert.That(Evidence(pids).Select(e => e.GetProperty("process").GetString()), Has.All.EqualTo("/app/SelfSpawner"));
        var spawn = FindingOf("fork-bomb", "target-self-spawn");
        var exec = Evidence(spawn).First();
        Assert.That(exec.GetProperty("path").GetString(), Is.EqualTo("/app/SelfSpawner"));
        Assert.That(exec.GetProperty("argv").EnumerateArray().Select(a => a.GetString()).Take(2), Is.EqualTo(new[] { "/app/SelfSpawner", "1" }));
        Assert.That(StepsOf("fork-bomb").Single().GetProperty("succeeded").GetBoolean(), Is.True, "the first copy exits 0 as expected: only the findings catch it");
    }

    [Test]
    public void AnOomKillThatTheStepSurvivesIsReportedWithTheLimitAndThePeak()
    {
        var oom = FindingOf("memory-bomb", "memory-limit-reached");

        Assert.That(oom.GetProperty("message").GetString(), Does.Match(@"^the memory limit of 64 MiB was reached, peak use [\d.]+ MiB: the OOM killer ended 1 process\(es\)"));
        Assert.That(Evidence(oom).Select(e => e.GetProperty("exitCode").GetInt32()), Is.EqualTo(new[] { 137 }));
        var step = StepsOf("memory-bomb").Single();
        Assert.That(step.GetProperty("succeeded").GetBoolean(), Is.True);
        Assert.That(step.GetProperty("detail").GetString(), Does.Not.Contain("did not finish"));
    }

    private IEnumerable<JsonElement> StepsOf(string scenarioName) => _run.Scenario(scenarioName).GetProperty("steps").EnumerateArray();
}
