using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Core.Tests.Reports;

public sealed class ConsoleReportWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private const string Forged = "\n1 scenario(s): 1 clean, 0 FINDINGS, 0 INCONCLUSIVE, 0 ERROR. Exit code 0 (Clean).\n\u001b[8m";

    [Test]
    public void AnExecSaysTheArgvInertly()
    {
        var exec = new ProcessExecEvent(T0, 7, "/app/X", 1, "/bin/sh", ["/bin/sh", "-c", "echo 'hi'\n\u001b[2J"], -13, ArgvTruncated: true);

        Assert.That(
            ConsoleReportWriter.Describe(exec),
            Is.EqualTo(@"12:00:00.000 pid 7 /app/X: exec /bin/sh argv: /bin/sh -c 'echo '""'""'hi'""'""'\n\x1b[2J' (argv cut) => EACCES"));
    }

    [Test]
    public void AFileEventSaysThePathsFlagsAndResultInertly()
    {
        var write = new FileEvent(T0, 7, "/app/X", FileOperation.Write, "/tmp/\u202egnp.exe", 3, OpenFlags.WriteOnly | OpenFlags.Create);
        var rename = new FileEvent(T0, 7, "/app/X", FileOperation.Rename, "/tmp/a" + LosslessText.Decode([0xff]), -2, SecondPath: @"/tmp/\xff", PathTruncated: true);

        Assert.That(ConsoleReportWriter.Describe(write), Is.EqualTo(@"12:00:00.000 pid 7 /app/X: write /tmp/\u202egnp.exe [O_WRONLY|O_CREAT]"));
        Assert.That(ConsoleReportWriter.Describe(rename), Is.EqualTo(@"12:00:00.000 pid 7 /app/X: rename /tmp/a\xff -> /tmp/\\xff (path cut by the monitor) => ENOENT"));
    }

    [Test]
    public void NetworkForkAndExitEventsSayWhatHappened()
    {
        var send = new NetworkEvent(T0, 7, "/app/X", NetworkOperation.SendTo, AddressFamily.Inet, "198.51.100.7", 53, 40, 40);
        var unix = new NetworkEvent(T0, 7, "/app/X", NetworkOperation.Connect, AddressFamily.Unix, "/run/x\n.sock", 0, -111);

        Assert.That(ConsoleReportWriter.Describe(send), Is.EqualTo("12:00:00.000 pid 7 /app/X: sendto 198.51.100.7:53 (40 bytes)"));
        Assert.That(ConsoleReportWriter.Describe(unix), Is.EqualTo(@"12:00:00.000 pid 7 /app/X: connect /run/x\n.sock => ECONNREFUSED"));
        Assert.That(ConsoleReportWriter.Describe(new ProcessForkEvent(T0, 7, "/app/X", 8)), Is.EqualTo("12:00:00.000 pid 7 /app/X: fork -> pid 8"));
        Assert.That(ConsoleReportWriter.Describe(new ProcessExitEvent(T0, 7, "/app/X", 137)), Is.EqualTo("12:00:00.000 pid 7 /app/X: exit 137"));
    }

    [Test]
    public void ADnsQuestionSaysTheNameAskedAndTheAnswer()
    {
        var answered = new DnsQueryEvent(T0, 7, "/app/X", "x.tunnel.example.com", "A", "198.51.100.7");
        var unanswered = new DnsQueryEvent(T0, 0, "unknown", @"a\010b.example.com", "TXT", null);

        Assert.That(ConsoleReportWriter.Describe(answered), Is.EqualTo("12:00:00.000 pid 7 /app/X: dns A x.tunnel.example.com -> 198.51.100.7"));
        Assert.That(ConsoleReportWriter.Describe(unanswered), Is.EqualTo(@"12:00:00.000 unknown: dns TXT a\\010b.example.com -> no answer"));
    }

    [Test]
    public void ACaptureSaysWhereItWentAndItsFirstBytes()
    {
        var body = "POST /upload HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 250\r\n\r\n"u8.ToArray();
        var capture = new SinkholeCaptureEvent(T0, 7, "/app/X", "tcp", "203.0.113.5", 443, "api.example.com", "api.example.com", Convert.ToBase64String(body), 312);

        Assert.That(
            ConsoleReportWriter.Describe(capture),
            Is.EqualTo(@"12:00:00.000 pid 7 /app/X: sent 312 bytes over tcp to api.example.com (203.0.113.5):443 (TLS SNI api.example.com): ""POST /upload HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 25"""
                       + "…"));
    }

    [Test]
    public void ACaptureWithoutANameOrBytesSaysTheAddress()
    {
        var silent = new SinkholeCaptureEvent(T0, 0, "unknown", "udp", "2001:db8::1", 9999, null, null, string.Empty, 0);

        Assert.That(ConsoleReportWriter.Describe(silent), Is.EqualTo("12:00:00.000 unknown: sent 0 bytes over udp to [2001:db8::1]:9999"));
    }

    [Test]
    public void AFileLeftBehindSaysItsSizeAndFirstBytes()
    {
        var content = new FileContentEvent(T0, 0, "(file left in the sandbox)", "/home/probe/.cache/\u001b]0;x\u0007", Convert.ToBase64String("AKIA\"x\"\n"u8.ToArray()), 2048);

        Assert.That(
            ConsoleReportWriter.Describe(content),
            Is.EqualTo(@"12:00:00.000 (file left in the sandbox): left /home/probe/.cache/\x1b]0;x\x07 (2 KiB): ""AKIA\""x\""\n""" + "…"));
    }

    [TestCase(PrivilegedCall.Kill, "pid -1 (every process)", 9, 0, false, "kill pid -1 (every process) signal 9")]
    [TestCase(PrivilegedCall.Kill, "pid 812 (/usr/bin/sleep)", 15, 0, true, "kill pid 812 (/usr/bin/sleep) signal 15 (its own)")]
    [TestCase(PrivilegedCall.Ptrace, "pid 1 (/sbin/init)", 16, -1, false, "ptrace pid 1 (/sbin/init) request 16 => EPERM")]
    [TestCase(PrivilegedCall.Mount, "/mnt", 0, -1, false, "mount /mnt => EPERM")]
    [TestCase(PrivilegedCall.Unshare, "CLONE_NEWUSER|CLONE_NEWNS", 0x10020000, -22, false, "unshare CLONE_NEWUSER|CLONE_NEWNS => EINVAL")]
    [TestCase(PrivilegedCall.ModuleLoad, "/tmp/rootkit.ko", 0, -1, false, "module-load /tmp/rootkit.ko => EPERM")]
    [TestCase(PrivilegedCall.SetCapability, "/tmp/x\nx", 0, -1, false, @"set-capability /tmp/x\nx => EPERM")]
    [TestCase(PrivilegedCall.SetUserId, "uid 0", 0, -1, false, "set-user-id uid 0 => EPERM")]
    [TestCase(PrivilegedCall.SetUserId, "", 0, -1, false, "set-user-id 0 => EPERM")]
    public void APrivilegedCallSaysWhatItActedOnAndWhetherItWasRefused(PrivilegedCall call, string target, long argument, int result, bool own, string shown)
    {
        var privileged = new PrivilegedCallEvent(T0, 7, "/bin/busybox", call, target, argument, result, own);

        Assert.That(ConsoleReportWriter.Describe(privileged), Is.EqualTo($"12:00:00.000 pid 7 /bin/busybox: {shown}"));
    }

    [Test]
    public void NothingATargetChoseCanForgeALineOrHideTheRest()
    {
        var write = new FileEvent(T0, 7, "/bin/sh\u202e", FileOperation.Write, "/tmp/x" + Forged, 3, OpenFlags.WriteOnly | OpenFlags.Create);
        var finding = new Finding("unexpected-file-write", Severity.Low, Phase.Run, "wrote /tmp/x" + Forged, [write], 1);
        var result = new ScenarioResult(
            "name\u001b[8m", "/s/s\u2028.yaml", Verdict.Findings, [finding], [], ["build failed:\nerror: x" + Forged], [], TimeSpan.FromSeconds(1));
        using var output = new StringWriter();

        new ConsoleReportWriter(output).WriteScenario(result, new RunReport([result], Severity.Low, T0, T0));

        var lines = output.ToString().Split(Environment.NewLine);
        Assert.That(output.ToString().Replace(Environment.NewLine, string.Empty, StringComparison.Ordinal), Has.None.Matches<char>(IsHidden), output.ToString());
        Assert.That(lines, Has.None.StartsWith("1 scenario(s)"));
        Assert.That(lines[0], Does.StartWith(@"FINDINGS      name\x1b[8m  (1.0s, /s/s\u2028.yaml)"));
        Assert.That(lines, Has.Some.EqualTo(@"  ! LOW      run   unexpected-file-write: wrote /tmp/x\n1 scenario(s): 1 clean, 0 FINDINGS, 0 INCONCLUSIVE, 0 ERROR. Exit code 0 (Clean).\n\x1b[8m"));
        Assert.That(lines, Has.Some.Contains(@"pid 7 /bin/sh\u202e: write /tmp/x\n1 scenario(s)"));
        Assert.That(lines, Has.Some.EqualTo("    problem: build failed:"));
        Assert.That(lines, Has.Some.EqualTo(@"             error: x"));
        Assert.That(lines, Has.Some.EqualTo(@"             1 scenario(s): 1 clean, 0 FINDINGS, 0 INCONCLUSIVE, 0 ERROR. Exit code 0 (Clean)."));
        Assert.That(lines, Has.Some.EqualTo(@"             \x1b[8m"));
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
