namespace DynamicProbe.Core.Reports.Documents;

/// <summary>An http step's exchange, labelled as DynamicProbe's own: the target neither sent the request nor chose it.</summary>
public sealed record HttpDocument(
    string IssuedBy,
    string Method,
    string Url,
    int? Status,
    string? ResponseBody,
    long ResponseBytesRead,
    bool ResponseCut)
{
    public const string Issuer = "dynamicprobe";
}
