namespace DynamicProbe.Core.Honeytokens.Generation;

/// <summary>
/// Tokens in the format GitHub (<c>ghp_</c>, <c>gho_</c>) and npm (<c>npm_</c>) use: a prefix, 30 random base62
/// characters and 6 base62 characters of the CRC-32 of those 30. Secret scanners check that checksum offline, so a
/// canary without it would be told apart from a real token.
/// </summary>
internal static class ChecksummedToken
{
    private const int EntropyLength = 30;
    private const int ChecksumLength = 6;

    public static string Create(RandomSource random, string prefix)
    {
        var entropy = random.Text(RandomSource.Alphanumeric, EntropyLength);
        return prefix + entropy + Base62(Crc32(entropy));
    }

    /// <summary>True when the last six characters are the checksum of the 30 before them.</summary>
    public static bool HasValidChecksum(string token) =>
        token.Length >= EntropyLength + ChecksumLength
        && token[^ChecksumLength..] == Base62(Crc32(token[^(EntropyLength + ChecksumLength)..^ChecksumLength]));

    private static string Base62(uint value)
    {
        var digits = new char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            digits[i] = RandomSource.Alphanumeric[(int)(value % 62)];
            value /= 62;
        }

        return new string(digits);
    }

    /// <summary>CRC-32 (IEEE 802.3, the zlib one) of ASCII text.</summary>
    private static uint Crc32(string text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in text)
        {
            crc ^= (byte)c;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
