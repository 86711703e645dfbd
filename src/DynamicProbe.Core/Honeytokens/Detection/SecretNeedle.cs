namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// One form of a honeytoken's secret to search for: the whole secret or a fragment of it (<paramref name="Partial"/>),
/// written in <paramref name="Encoding"/>. Hex and base32 are compared without regard to case.
/// </summary>
internal sealed record SecretNeedle(Honeytoken Token, string Text, SecretEncoding Encoding, bool Partial)
{
    public bool IgnoresCase => Encoding is SecretEncoding.Hex or SecretEncoding.Base32;
}
