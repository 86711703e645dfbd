namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>
/// loose-expect-atomics: attack techniques run as a shell script under an expect that allows every file and every
/// program. Each behaviour must still be caught at high or critical, with its ATT&amp;CK technique, in the run phase.
/// </summary>
public sealed partial class ExampleScenariosTests
{
    [TestCase("credential-read", "T1552.004")]
    [TestCase("persistence-write", "T1546.004")]
    [TestCase("setid-bit-set", "T1548.001")]
    [TestCase("temp-exec", "T1105")]
    [TestCase("shell-spawned", "T1059.004")]
    [TestCase("namespace-escape", "T1611")]
    [TestCase("kernel-module-load", "T1547.006")]
    [TestCase("foreign-kill", "T1489")]
    public void EveryAtomicIsCaughtWhateverTheLooseExpectAllows(string rule, string technique)
    {
        var finding = FindingOf("loose-expect-atomics", rule);

        Assert.That(finding.GetProperty("severity").GetString(), Is.AnyOf("high", "critical"));
        Assert.That(finding.GetProperty("technique").GetString(), Is.EqualTo(technique));
        Assert.That(finding.GetProperty("phase").GetString(), Is.EqualTo("run"));
        Assert.That(finding.GetProperty("failsRun").GetBoolean(), Is.True);
    }

    [Test]
    public void TheRefusedMountAndTheKillOfEveryProcessAreEvidenceWithTheirResults()
    {
        var mount = Evidence(FindingOf("loose-expect-atomics", "namespace-escape"))
            .First(e => e.GetProperty("type").GetString() == "privileged" && e.GetProperty("call").GetString() == "mount");
        Assert.That(mount.GetProperty("result").GetInt32(), Is.LessThan(0), "an unprivileged mount is refused, and still recorded");

        var kill = Evidence(FindingOf("loose-expect-atomics", "foreign-kill")).First();
        Assert.That(kill.GetProperty("target").GetString(), Does.Contain("-1"));
        Assert.That(kill.GetProperty("argument").GetInt64(), Is.EqualTo(9));
    }
}
