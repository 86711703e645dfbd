namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// A reading of the searched text, undoing the wrapping a secret travels in: percent-encoding, JSON escapes, and
/// separators (line breaks of wrapped base64, spaces of a hex dump, the dots between DNS labels). Ordered from the
/// plainest reading to the most transformed, which is the order a finding prefers to name.
/// </summary>
internal enum HaystackForm
{
    AsIs,
    Compacted,
    UrlDecoded,
    UrlDecodedCompacted,
    JsonUnescaped,
}
