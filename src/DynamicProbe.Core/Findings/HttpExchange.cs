namespace DynamicProbe.Core.Findings;

/// <summary>
/// An <c>http</c> step's request, made by DynamicProbe itself (never by the target), and the response it got.
/// </summary>
/// <param name="Status">The response's status code; null when no response came (refused, timed out).</param>
/// <param name="BodyPrefix">The response body's first bytes as text (at most <see cref="BodyPrefixLimit"/> bytes).</param>
/// <param name="BodyBytesRead">How many body bytes were read (at most the step's read limit).</param>
/// <param name="BodyCut">True when the body went on past what was read.</param>
public sealed record HttpExchange(
    string Method,
    string Url,
    int? Status,
    string? BodyPrefix,
    long BodyBytesRead,
    bool BodyCut)
{
    /// <summary>Bytes of the body kept in the report.</summary>
    public const int BodyPrefixLimit = 2048;
}
