using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports;

/// <summary>The JSON report, the machine-readable truth (<see cref="JsonReportWriter"/>).</summary>
public sealed class JsonReportFormat : IReportFormat
{
    public string Name => "JSON";

    public Task WriteAsync(ReportDocument document, Stream destination, CancellationToken cancellationToken) =>
        JsonReportWriter.WriteAsync(document, destination, cancellationToken);
}
