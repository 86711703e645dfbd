using System.Globalization;
using System.Text;
using System.Xml;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports.Junit;

/// <summary>
/// JUnit XML as CI test panels read it (Jenkins, GitLab, GitHub test-report actions): one <c>testsuite</c>, one
/// <c>testcase</c> per scenario (classname: its file's folder and name, dotted; name: the scenario's). Each finding
/// that fails the run is a <c>failure</c> (type: the rule; body: its evidence); an error or inconclusive verdict is an
/// <c>error</c> (never green); findings that do not fail the run, silenced findings and problems go to
/// <c>system-out</c>. Every text is inert (<see cref="InertText"/>): that also keeps out what XML 1.0 cannot hold
/// (controls, lone surrogates).
/// </summary>
public sealed class JunitReportFormat : IReportFormat
{
    public string Name => "JUnit";

    public async Task WriteAsync(ReportDocument document, Stream destination, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Indent = true, Encoding = new UTF8Encoding(false) };
        await using var xml = XmlWriter.Create(destination, settings);
        var failures = document.Scenarios.Count(s => !IsError(s) && s.Findings.Any(f => f.FailsRun));
        var errors = document.Scenarios.Count(IsError);
        var time = Seconds((long)(document.FinishedAt - document.StartedAt).TotalMilliseconds);

        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "testsuites", null);
        await WriteCountsAsync(xml, document.Scenarios.Count, failures, errors, time);
        await xml.WriteStartElementAsync(null, "testsuite", null);
        await xml.WriteAttributeStringAsync(null, "name", null, "dynamicprobe");
        await WriteCountsAsync(xml, document.Scenarios.Count, failures, errors, time);
        await xml.WriteAttributeStringAsync(null, "skipped", null, "0");
        await xml.WriteAttributeStringAsync(null, "timestamp", null, document.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        await xml.WriteStartElementAsync(null, "properties", null);
        await WritePropertyAsync(xml, "tool-version", document.ToolVersion);
        await WritePropertyAsync(xml, "fail-on", document.FailOn.ToString().ToLowerInvariant());
        await WritePropertyAsync(xml, "exit-code", document.ExitCode.ToString(CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
        foreach (var scenario in document.Scenarios)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await WriteTestCaseAsync(xml, scenario);
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    /// <summary>Scenarios whose verdict is no answer: an error, or a run that cannot be called clean.</summary>
    private static bool IsError(ScenarioDocument scenario) => scenario.Verdict is Verdict.Error or Verdict.Inconclusive;

    /// <summary>
    /// <c>/work/repo/scenarios/examples/shell-dropper.yaml</c> as <c>examples.shell-dropper</c>: the folder and the file,
    /// dotted (panels group by the dots), the same on every machine and every shard, wherever the suite was checked out.
    /// </summary>
    private static string ClassName(string file)
    {
        var path = Path.ChangeExtension(file, null).Replace('\\', '/');
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return InertText.Escape(string.Join('.', parts.Skip(Math.Max(0, parts.Length - 2))));
    }

    private static async Task WriteTestCaseAsync(XmlWriter xml, ScenarioDocument scenario)
    {
        await xml.WriteStartElementAsync(null, "testcase", null);
        await xml.WriteAttributeStringAsync(null, "classname", null, ClassName(scenario.File));
        await xml.WriteAttributeStringAsync(null, "name", null, InertText.Escape(scenario.Name));
        await xml.WriteAttributeStringAsync(null, "time", null, Seconds(scenario.DurationMs));
        if (IsError(scenario))
        {
            var verdict = scenario.Verdict.ToString().ToLowerInvariant();
            var first = scenario.Problems.Count > 0 ? InertText.Escape(scenario.Problems[0]) : "no reason recorded";
            await WriteOutcomeAsync(xml, "error", verdict, $"{verdict}: {first}", string.Join('\n', scenario.Problems.SelectMany(InertText.Lines)));
        }

        foreach (var finding in scenario.Findings.Where(f => f.FailsRun))
        {
            await WriteOutcomeAsync(xml, "failure", InertText.Escape(finding.Rule), InertText.Escape($"{finding.Rule}: {finding.Message}"), Body(finding, scenario.Variants.Count > 0));
        }

        var notes = Notes(scenario).ToList();
        if (notes.Count > 0)
        {
            await xml.WriteElementStringAsync(null, "system-out", null, string.Join('\n', notes));
        }

        await xml.WriteEndElementAsync();
    }

    private static async Task WriteOutcomeAsync(XmlWriter xml, string element, string type, string message, string body)
    {
        await xml.WriteStartElementAsync(null, element, null);
        await xml.WriteAttributeStringAsync(null, "message", null, message);
        await xml.WriteAttributeStringAsync(null, "type", null, type);
        await xml.WriteStringAsync(body);
        await xml.WriteEndElementAsync();
    }

    /// <summary>What a reader needs to judge a finding: how bad, where, and its evidence, one line an entry.</summary>
    private static string Body(FindingDocument finding, bool variants)
    {
        var lines = new List<string>
        {
            InertText.Escape(string.Join(" · ", new[]
            {
                $"severity {finding.Severity.ToString().ToLowerInvariant()}",
                $"{finding.Phase.ToString().ToLowerInvariant()} phase",
                finding.Technique is { } technique ? $"ATT&CK {technique}" : null,
                variants && finding.Variant is { } variant ? $"run {variant}" : null,
                finding.Steps.Count > 0 ? $"during {string.Join(", ", finding.Steps)}" : null,
                $"{finding.Occurrences} occurrence(s)",
            }.OfType<string>())),
        };
        lines.AddRange(finding.Evidence.Select(e => ConsoleReportWriter.Describe(e) + (e.Repeats is { } repeats ? $" ({repeats} times)" : "")));
        if (finding.EvidenceOmitted > 0)
        {
            lines.Add($"… {finding.EvidenceOmitted} more occurrence(s) counted but not kept");
        }

        return string.Join('\n', lines);
    }

    private static IEnumerable<string> Notes(ScenarioDocument scenario)
    {
        yield return InertText.Escape($"verdict: {scenario.Verdict.ToString().ToLowerInvariant()} ({scenario.File})");
        foreach (var finding in scenario.Findings.Where(f => !f.FailsRun))
        {
            yield return InertText.Escape($"finding (does not fail the run): {finding.Severity.ToString().ToLowerInvariant()} {finding.Rule}: {finding.Message}");
        }

        foreach (var silenced in scenario.Silenced)
        {
            yield return InertText.Escape($"silenced: {silenced.Rule}: {silenced.Message} ({silenced.Occurrences}x), by {silenced.Reason}");
        }

        foreach (var problem in scenario.Problems)
        {
            yield return "problem: " + string.Join("\n  ", InertText.Lines(problem));
        }
    }

    private static async Task WriteCountsAsync(XmlWriter xml, int tests, int failures, int errors, string time)
    {
        await xml.WriteAttributeStringAsync(null, "tests", null, tests.ToString(CultureInfo.InvariantCulture));
        await xml.WriteAttributeStringAsync(null, "failures", null, failures.ToString(CultureInfo.InvariantCulture));
        await xml.WriteAttributeStringAsync(null, "errors", null, errors.ToString(CultureInfo.InvariantCulture));
        await xml.WriteAttributeStringAsync(null, "time", null, time);
    }

    private static async Task WritePropertyAsync(XmlWriter xml, string name, string value)
    {
        await xml.WriteStartElementAsync(null, "property", null);
        await xml.WriteAttributeStringAsync(null, "name", null, name);
        await xml.WriteAttributeStringAsync(null, "value", null, InertText.Escape(value));
        await xml.WriteEndElementAsync();
    }

    private static string Seconds(long milliseconds) => (Math.Max(0, milliseconds) / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
