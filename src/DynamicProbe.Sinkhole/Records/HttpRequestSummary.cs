namespace DynamicProbe.Sinkhole.Records;

/// <summary>The request line and Host of a plain HTTP request, made printable (see Text.PrintableText).</summary>
public sealed record HttpRequestSummary(string Method, string Target, string? Host);
