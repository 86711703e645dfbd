namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>How a secret's bytes were written when it was found.</summary>
internal enum SecretEncoding
{
    Plain,
    Hex,
    Base64,
    Base64Url,
    Base32,
}
