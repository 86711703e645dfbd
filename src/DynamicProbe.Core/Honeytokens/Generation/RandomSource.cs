using System.Security.Cryptography;

namespace DynamicProbe.Core.Honeytokens.Generation;

/// <summary>Random bytes and text: from the operating system's cryptographic generator, or from a given <see cref="Random"/> in tests.</summary>
internal sealed class RandomSource(Random? random)
{
    public const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        if (random is null)
        {
            RandomNumberGenerator.Fill(bytes);
        }
        else
        {
            random.NextBytes(bytes);
        }

        return bytes;
    }

    /// <summary><paramref name="length"/> characters drawn uniformly from <paramref name="alphabet"/>.</summary>
    public string Text(string alphabet, int length) => new(random is null
        ? RandomNumberGenerator.GetItems<char>(alphabet, length)
        : random.GetItems<char>(alphabet, length));
}
