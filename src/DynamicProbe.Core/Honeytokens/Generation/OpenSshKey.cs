using System.Buffers.Binary;
using System.Text;

namespace DynamicProbe.Core.Honeytokens.Generation;

/// <summary>
/// A private key file in OpenSSH's own format (<c>openssh-key-v1</c>, unencrypted) with random key material, laid out
/// byte for byte as <c>ssh-keygen</c> writes it, so a stealer that parses it finds what it expects. The numbers are
/// random rather than a real key pair: nothing can log in with it. <see cref="Secret"/> is a run of the file's base64
/// body that encodes key material only, taken from within one line so the file holds it verbatim.
/// </summary>
internal sealed record OpenSshKey(string PrivateKeyFile, string PublicKeyLine, string Secret)
{
    private const int LineLength = 70;
    private const int MaxSecretLength = 64;
    private const int MinSecretLength = 32;

    /// <summary>A 3072-bit RSA key, ssh-keygen's default size.</summary>
    public static OpenSshKey Rsa(RandomSource random, string comment)
    {
        var modulus = Number(random, 384, odd: true);
        byte[] exponent = [0x01, 0x00, 0x01];
        var privateExponent = random.Bytes(384);
        privateExponent[0] = (byte)((privateExponent[0] & 0x3F) | 0x40); // below the modulus (top bit set), no leading zero
        var publicKey = new SshWriter().String("ssh-rsa").Mpint(exponent).Mpint(modulus).ToArray();
        var section = new SshWriter().String("ssh-rsa").Mpint(modulus).Mpint(exponent);
        var secretStart = section.Length + 4;
        section.Mpint(privateExponent)
            .Mpint(random.Bytes(192))
            .Mpint(Number(random, 192, odd: true))
            .Mpint(Number(random, 192, odd: true));
        return Build(random, "ssh-rsa", publicKey, section, comment, secretStart, privateExponent.Length);
    }

    public static OpenSshKey Ed25519(RandomSource random, string comment)
    {
        var seed = random.Bytes(32);
        var point = random.Bytes(32);
        var publicKey = new SshWriter().String("ssh-ed25519").String(point).ToArray();
        var section = new SshWriter().String("ssh-ed25519").String(point);
        var secretStart = section.Length + 4;
        section.String([.. seed, .. point]);
        return Build(random, "ssh-ed25519", publicKey, section, comment, secretStart, 64);
    }

    private static OpenSshKey Build(
        RandomSource random, string keyType, byte[] publicKey, SshWriter keySection, string comment, int secretOffset, int secretBytes)
    {
        var check = random.Bytes(4);
        var section = new SshWriter().Raw(check).Raw(check);
        var offsetInSection = section.Length;
        section.Raw(keySection.ToArray()).String(comment);
        for (byte pad = 1; section.Length % 8 != 0; pad++)
        {
            section.Raw([pad]);
        }

        var blob = new SshWriter()
            .Raw("openssh-key-v1\0"u8.ToArray())
            .String("none")
            .String("none")
            .String(Array.Empty<byte>())
            .Raw(UInt32(1))
            .String(publicKey);
        var sectionStart = blob.Length + 4;
        var bytes = blob.String(section.ToArray()).ToArray();
        var body = Convert.ToBase64String(bytes);
        var secret = SecretWithinOneLine(body, sectionStart + offsetInSection + secretOffset, secretBytes);
        var lines = body.Chunk(LineLength).Select(chunk => new string(chunk));
        var file = $"-----BEGIN OPENSSH PRIVATE KEY-----\n{string.Join('\n', lines)}\n-----END OPENSSH PRIVATE KEY-----\n";
        return new OpenSshKey(file, $"{keyType} {Convert.ToBase64String(publicKey)} {comment}\n", secret);
    }

    /// <summary>
    /// The longest run (at most <see cref="MaxSecretLength"/>) of base64 characters that encode only the bytes
    /// [<paramref name="start"/>, start + <paramref name="count"/>) and sit on one line of the wrapped body.
    /// </summary>
    private static string SecretWithinOneLine(string body, int start, int count)
    {
        // Character j carries bits 6j..6j+5, so bytes 6j/8 and (6j+5)/8.
        var first = (start * 8 + 5) / 6;
        var last = ((start + count) * 8 - 6) / 6;
        var best = (Start: 0, Length: 0);
        for (var line = first / LineLength; line <= last / LineLength; line++)
        {
            var from = Math.Max(first, line * LineLength);
            var to = Math.Min(last, (line * LineLength) + LineLength - 1);
            if (to - from + 1 > best.Length)
            {
                best = (from, to - from + 1);
            }
        }

        return best.Length >= MinSecretLength
            ? body.Substring(best.Start, Math.Min(best.Length, MaxSecretLength))
            : throw new InvalidOperationException("the key material is too short to hold a secret on one line");
    }

    /// <summary>A big-endian number of <paramref name="length"/> bytes with its top bit set (so it has its full size).</summary>
    private static byte[] Number(RandomSource random, int length, bool odd)
    {
        var number = random.Bytes(length);
        number[0] |= 0x80;
        if (odd)
        {
            number[^1] |= 0x01;
        }

        return number;
    }

    private static byte[] UInt32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>The SSH wire encoding (RFC 4251): length-prefixed strings and mpints.</summary>
    private sealed class SshWriter
    {
        private readonly MemoryStream buffer = new();

        public int Length => (int)buffer.Length;

        public SshWriter Raw(byte[] bytes)
        {
            buffer.Write(bytes);
            return this;
        }

        public SshWriter String(byte[] bytes) => Raw(UInt32(bytes.Length)).Raw(bytes);

        public SshWriter String(string text) => String(Encoding.ASCII.GetBytes(text));

        /// <summary>A positive mpint: leading zero bytes dropped, one added when the top bit is set.</summary>
        public SshWriter Mpint(byte[] magnitude)
        {
            var significant = magnitude.AsSpan().TrimStart((byte)0).ToArray();
            return String(significant.Length > 0 && significant[0] >= 0x80 ? [0, .. significant] : significant);
        }

        public byte[] ToArray() => buffer.ToArray();
    }
}
