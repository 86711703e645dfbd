using System.IO.Compression;
using System.Text;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// Bytes the program sent or left behind, as texts to search: one character per byte (Latin-1, so any binary maps
/// and ASCII secrets stay themselves), and, when the bytes are gzip data (a <c>tar czf</c> of a folder), what
/// decompresses from them, bounded; a stream cut short still yields what came before the cut.
/// </summary>
internal static class CapturedBytes
{
    public const int MaxDecompressedBytes = 1024 * 1024;

    public static IEnumerable<(string Text, bool Gzipped)> Texts(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            yield break;
        }

        yield return (Encoding.Latin1.GetString(bytes), false);
        if (bytes is [0x1F, 0x8B, ..])
        {
            yield return (Encoding.Latin1.GetString(Gunzip(bytes)), true);
        }
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var buffer = new byte[16 * 1024];
            int read;
            while (output.Length < MaxDecompressedBytes && (read = gzip.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxDecompressedBytes - output.Length))) > 0)
            {
                output.Write(buffer, 0, read);
            }
        }
        catch (Exception error) when (error is InvalidDataException or IOException)
        {
            // Cut or damaged: what came out before the damage is still searched.
        }

        return output.ToArray();
    }
}
