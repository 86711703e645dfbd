using System.Text;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// Every form a secret can be found in: as is, hex, base64 (standard and URL-safe) and base32. Inside a larger encoded
/// blob the secret can start at any byte, which shifts its encoding: base64 has 3 such alignments and base32 5, so
/// each gets its own needle, cut to the characters that depend on the secret's bytes alone.
/// <para>
/// Secrets of <see cref="FragmentMinimumSecretLength"/> characters or more also get needles for their first, middle
/// and last <see cref="FragmentLength"/> characters, so a secret cut short (a bounded capture, a truncated argv, a
/// DNS name limit) or one character of which was escaped is still recognised: 16 random characters carry some
/// 95 bits, far beyond what appears by chance.
/// </para>
/// </summary>
internal static class SecretNeedles
{
    public const int FragmentLength = 16;
    public const int FragmentMinimumSecretLength = 32;

    /// <summary>Encoded needles shorter than this would be too weak to trust; none of ours come near it.</summary>
    private const int MinimumNeedleLength = 12;

    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static IEnumerable<SecretNeedle> For(Honeytoken token)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, partial) in Fragments(token.Secret))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var forms = new List<(string, SecretEncoding)> { (text, SecretEncoding.Plain), (Convert.ToHexString(bytes), SecretEncoding.Hex) };
            foreach (var base64 in Aligned(bytes, 3, 6, Convert.ToBase64String))
            {
                forms.Add((base64, SecretEncoding.Base64));
                forms.Add((base64.Replace('+', '-').Replace('/', '_'), SecretEncoding.Base64Url));
            }

            forms.AddRange(Aligned(bytes, 5, 5, Base32).Select(base32 => (base32, SecretEncoding.Base32)));
            foreach (var (needle, encoding) in forms)
            {
                if (needle.Length >= MinimumNeedleLength && seen.Add(needle))
                {
                    yield return new SecretNeedle(token, needle, encoding, partial);
                }
            }
        }
    }

    private static IEnumerable<(string Text, bool Partial)> Fragments(string secret)
    {
        yield return (secret, false);
        if (secret.Length >= FragmentMinimumSecretLength)
        {
            yield return (secret[..FragmentLength], true);
            yield return (secret.Substring((secret.Length - FragmentLength) / 2, FragmentLength), true);
            yield return (secret[^FragmentLength..], true);
        }
    }

    /// <summary>
    /// The encoding of <paramref name="bytes"/> after 0 to <paramref name="alignments"/>-1 bytes of something else,
    /// keeping only the characters (of <paramref name="bitsPerChar"/> bits each) made of the secret's bits alone.
    /// </summary>
    private static IEnumerable<string> Aligned(byte[] bytes, int alignments, int bitsPerChar, Func<byte[], string> encode)
    {
        for (var offset = 0; offset < alignments; offset++)
        {
            var encoded = encode([.. new byte[offset], .. bytes]);
            var first = ((offset * 8) + bitsPerChar - 1) / bitsPerChar;
            var last = (((offset + bytes.Length) * 8) - bitsPerChar) / bitsPerChar;
            if (last >= first)
            {
                yield return encoded[first..(last + 1)];
            }
        }
    }

    /// <summary>RFC 4648 base32, upper case, without padding.</summary>
    private static string Base32(byte[] bytes)
    {
        var text = new StringBuilder(((bytes.Length * 8) + 4) / 5);
        var buffer = 0;
        var bits = 0;
        foreach (var b in bytes)
        {
            buffer = ((buffer << 8) | b) & 0xFFFF; // never more than 12 bits are pending
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Base32Alphabet[(buffer >> bits) & 31]);
            }
        }

        if (bits > 0)
        {
            text.Append(Base32Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
