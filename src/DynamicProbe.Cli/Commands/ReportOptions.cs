using System.CommandLine;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Reports.Html;
using DynamicProbe.Core.Reports.Junit;
using DynamicProbe.Core.Reports.Sarif;

namespace DynamicProbe.Cli.Commands;

/// <summary>
/// The report flags <c>run</c> and <c>merge</c> share: one option a format, each naming the file to write. Every
/// report is rendered from the same JSON document.
/// </summary>
public sealed class ReportOptions
{
    private readonly List<(Option<FileInfo?> Option, IReportFormat Format)> _formats =
    [
        (new Option<FileInfo?>("--json") { HelpName = "FILE", Description = "Write the JSON report (the machine-readable truth) to this file." }, new JsonReportFormat()),
        (new Option<FileInfo?>("--sarif") { HelpName = "FILE", Description = "Write a SARIF 2.1.0 report (for GitHub code scanning; scenario files relative to the current directory) to this file." }, new SarifReportFormat()),
        (new Option<FileInfo?>("--junit") { HelpName = "FILE", Description = "Write a JUnit XML report for CI test panels: a test case per scenario, a failure per finding that fails the run." }, new JunitReportFormat()),
        (new Option<FileInfo?>("--html") { HelpName = "FILE", Description = "Write a self-contained HTML report: verdicts, findings with evidence, timeline by step, process tree, network table." }, new HtmlReportFormat()),
    ];

    public IEnumerable<Option> All => _formats.Select(f => f.Option);

    /// <summary>The reports asked for, checked before anything runs: a report that cannot be written would be lost at the end.</summary>
    public IReadOnlyList<RequestedReport> Requested(ParseResult result)
    {
        var requested = new List<RequestedReport>();
        foreach (var (option, format) in _formats)
        {
            if (result.GetValue(option) is not { } file)
            {
                continue;
            }

            if (file.Directory is { Exists: false } folder)
            {
                throw new UserErrorException($"{option.Name} {file}: the folder {folder.FullName} does not exist; create it or name another file.");
            }

            requested.Add(new RequestedReport(format, file.FullName));
        }

        return requested;
    }
}
