using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports;

/// <summary>Writes every requested report of one document and says where each went.</summary>
public static class ReportFiles
{
    public static async Task WriteAllAsync(
        ReportDocument document, IReadOnlyList<RequestedReport> reports, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var report in reports)
        {
            try
            {
                await using var stream = File.Create(report.Path);
                await report.Format.WriteAsync(document, stream, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserErrorException($"cannot write the {report.Format.Name} report to {report.Path}: {e.Message}; check the folder exists and is writable.");
            }

            await output.WriteLineAsync($"{report.Format.Name} report: {InertText.Escape(report.Path)}");
        }
    }
}
