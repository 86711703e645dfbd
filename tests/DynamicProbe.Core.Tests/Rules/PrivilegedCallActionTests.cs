using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using static DynamicProbe.Core.Tests.Rules.RuleStreams;

namespace DynamicProbe.Core.Tests.Rules;

/// <summary>Which privileged calls are actions the rules judge, and which are ordinary process management.</summary>
public sealed class PrivilegedCallActionTests
{
    [Test]
    public void AKillOfAnotherProcessIsAnAction()
    {
        var actions = ActionExtractor.Extract(Call(PrivilegedCall.Kill, "pid -1 (every process)", 9)).ToList();

        Assert.That(actions.Select(a => (a.Kind, a.Subject)), Is.EqualTo(new[] { (ActionKind.PrivilegedCall, "kill") }));
    }

    [Test]
    public void AKillOfItsOwnChildIsNone()
    {
        var own = Call(PrivilegedCall.Kill, "pid 12 (/usr/bin/sleep)", 15) with { TargetIsOwn = true };

        Assert.That(ActionExtractor.Extract(own), Is.Empty);
    }

    [Test]
    public void SignalZeroOnlyAsksWhetherAPidExistsAndIsNone()
    {
        Assert.That(ActionExtractor.Extract(Call(PrivilegedCall.Kill, "pid 812 (/usr/bin/sleep)", 0)), Is.Empty);
    }

    [Test]
    public void AChmodSettingTheSetuidBitIsAWriteAndAPrivilegedAction()
    {
        var chmod = File(FileOperation.Chmod, "/tmp/busybox", flags: Convert.ToInt32("4755", 8));

        Assert.That(ActionExtractor.Extract(chmod).Select(a => (a.Kind, a.Subject)),
            Is.EqualTo(new[] { (ActionKind.FileWrite, "/tmp/busybox"), (ActionKind.PrivilegedCall, "setuid-bit") }));
        Assert.That(chmod.Mode, Is.EqualTo("04755"));
    }
}
