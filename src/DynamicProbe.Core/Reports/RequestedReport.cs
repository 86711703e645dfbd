namespace DynamicProbe.Core.Reports;

/// <summary>A report a user asked for: its format and the file to write it to.</summary>
public sealed record RequestedReport(IReportFormat Format, string Path);
