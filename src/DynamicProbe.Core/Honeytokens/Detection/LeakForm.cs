namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>How a secret was found: its encoding, the reading of the text it was in, inside gzip data or not, whole or in part.</summary>
internal sealed record LeakForm(SecretEncoding Encoding, HaystackForm Form, bool Gzipped, bool Partial)
{
    public static LeakForm Of(SecretMatch match, bool gzipped) => new(match.Needle.Encoding, match.Form, gzipped, match.Needle.Partial);

    /// <summary>Lower is plainer: a finding names the plainest way the secret was seen.</summary>
    public int Rank => ((Partial ? 1 : 0) * 1000) + ((Gzipped ? 1 : 0) * 100) + ((int)Form * 10) + (int)Encoding;

    /// <summary>E.g. "in plain text", "hex-encoded", "base64-encoded, then URL-encoded, inside gzip data (part of it)".</summary>
    public string Describe()
    {
        var words = Encoding switch
        {
            SecretEncoding.Hex => "hex-encoded",
            SecretEncoding.Base64 => "base64-encoded",
            SecretEncoding.Base64Url => "URL-safe base64-encoded",
            SecretEncoding.Base32 => "base32-encoded",
            _ => null,
        };
        var wrapping = Form switch
        {
            HaystackForm.UrlDecoded or HaystackForm.UrlDecodedCompacted => "URL-encoded",
            HaystackForm.JsonUnescaped => "JSON-escaped",
            _ => null,
        };
        var text = (words, wrapping) switch
        {
            (null, null) => "in plain text",
            (null, _) => wrapping,
            (_, null) => words,
            _ => $"{words}, then {wrapping}",
        };
        return text + (Gzipped ? ", inside gzip data" : "") + (Partial ? " (part of it)" : "");
    }
}
