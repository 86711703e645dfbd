using DynamicProbe.Core.Reports.Documents;

namespace DynamicProbe.Core.Sharding;

/// <summary>A JSON report read back, with the file it came from (named in every message about it).</summary>
public sealed record SourcedReport(string Source, ReportDocument Document);
