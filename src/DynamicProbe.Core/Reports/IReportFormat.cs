using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports;

/// <summary>A report file format, rendered from the JSON report's document alone (so a merged report renders the same).</summary>
public interface IReportFormat
{
    /// <summary>As users know it, for messages: <c>JSON</c>, <c>SARIF</c>.</summary>
    string Name { get; }

    Task WriteAsync(ReportDocument document, Stream destination, CancellationToken cancellationToken);
}
