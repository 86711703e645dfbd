using System.Text.Json;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Reports;

/// <summary>Reads a JSON report back (for <c>dynamicprobe merge</c>), with the writer's own options, so every string is exact.</summary>
public static class JsonReportReader
{
    /// <param name="source">Named in the messages: the file the report came from.</param>
    public static async Task<ReportDocument> ReadAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        ReportDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync<ReportDocument>(stream, JsonReportWriter.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            var at = e.LineNumber is { } line ? $":{line + 1}" : "";
            throw new UserErrorException($"{source}{at}: not a DynamicProbe JSON report ({e.Message}); expected a file written by 'dynamicprobe run --json'.");
        }

        if (document is null || document.Scenarios is null)
        {
            throw new UserErrorException($"{source}: not a DynamicProbe JSON report (no 'scenarios'); expected a file written by 'dynamicprobe run --json'.");
        }

        if (document.FormatVersion != JsonReportWriter.FormatVersion)
        {
            throw new UserErrorException(
                $"{source}: JSON report format {document.FormatVersion}, this dynamicprobe reads format {JsonReportWriter.FormatVersion}; rerun the scenarios with this version.");
        }

        return document;
    }
}
