using System.Buffers.Binary;
using DynamicProbe.Sinkhole.Text;

namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>
/// Reads the server name (SNI, RFC 6066 §3) out of a TLS ClientHello, which may be spread over several handshake
/// records (large post-quantum key shares do that). Every length is checked; garbage yields no name, never an error.
/// </summary>
public static class TlsClientHello
{
    private const byte HandshakeRecord = 0x16;
    private const byte ClientHelloType = 0x01;
    private const ushort ServerNameExtension = 0x0000;
    private const byte HostNameType = 0x00;
    private const int MaxNameBytes = 255;

    /// <summary>True when the bytes so far can be the start of a TLS handshake record.</summary>
    public static bool LooksLikeTls(ReadOnlySpan<byte> data) =>
        data.Length > 0 && data[0] == HandshakeRecord && (data.Length < 2 || data[1] == 0x03) && (data.Length < 6 || data[5] == ClientHelloType);

    public static TlsClientHelloView Inspect(ReadOnlySpan<byte> data)
    {
        if (!LooksLikeTls(data))
        {
            return new TlsClientHelloView(false, null);
        }

        var handshake = new byte[data.Length];
        var handshakeLength = 0;
        var offset = 0;
        while (offset + 5 <= data.Length && data[offset] == HandshakeRecord)
        {
            var recordLength = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 3)..]);
            var available = Math.Min(recordLength, data.Length - offset - 5);
            data.Slice(offset + 5, available).CopyTo(handshake.AsSpan(handshakeLength));
            handshakeLength += available;
            offset += 5 + recordLength;
            if (HandshakeComplete(handshake.AsSpan(0, handshakeLength)))
            {
                break;
            }
        }

        var message = handshake.AsSpan(0, handshakeLength);
        if (message.Length < 4 || message[0] != ClientHelloType)
        {
            return new TlsClientHelloView(false, null);
        }

        var bodyLength = (message[1] << 16) | (message[2] << 8) | message[3];
        var body = message[4..];
        var complete = body.Length >= bodyLength;
        if (complete)
        {
            body = body[..bodyLength];
        }

        return new TlsClientHelloView(complete, ServerName(body));
    }

    private static bool HandshakeComplete(ReadOnlySpan<byte> message) =>
        message.Length >= 4 && message.Length >= 4 + ((message[1] << 16) | (message[2] << 8) | message[3]);

    private static string? ServerName(ReadOnlySpan<byte> body)
    {
        var reader = new SpanCursor(body);
        if (!reader.Skip(2 + 32)                                  // legacy_version, random
            || !reader.SkipVector(1)                              // legacy_session_id
            || !reader.SkipVector(2)                              // cipher_suites
            || !reader.SkipVector(1)                              // legacy_compression_methods
            || !reader.ReadVector(2, out var extensions))
        {
            return null;
        }

        var extensionReader = new SpanCursor(extensions);
        while (extensionReader.ReadUInt16(out var type) && extensionReader.ReadVector(2, out var extension))
        {
            if (type != ServerNameExtension)
            {
                continue;
            }

            var list = new SpanCursor(extension);
            if (!list.ReadVector(2, out var names))
            {
                return null;
            }

            var nameReader = new SpanCursor(names);
            while (nameReader.ReadByte(out var nameType) && nameReader.ReadVector(2, out var name))
            {
                if (nameType == HostNameType)
                {
                    return PrintableText.From(name, MaxNameBytes);
                }
            }

            return null;
        }

        return null;
    }

    /// <summary>A bounds-checked reader over TLS's length-prefixed vectors.</summary>
    private ref struct SpanCursor(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public bool Skip(int count)
        {
            if (_rest.Length < count)
            {
                return false;
            }

            _rest = _rest[count..];
            return true;
        }

        public bool ReadByte(out byte value)
        {
            value = _rest.Length > 0 ? _rest[0] : (byte)0;
            return Skip(1);
        }

        public bool ReadUInt16(out ushort value)
        {
            value = _rest.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(_rest) : (ushort)0;
            return Skip(2);
        }

        public bool ReadVector(int lengthBytes, out ReadOnlySpan<byte> vector)
        {
            vector = default;
            if (_rest.Length < lengthBytes)
            {
                return false;
            }

            var length = lengthBytes == 1 ? _rest[0] : BinaryPrimitives.ReadUInt16BigEndian(_rest);
            if (_rest.Length < lengthBytes + length)
            {
                return false;
            }

            vector = _rest.Slice(lengthBytes, length);
            _rest = _rest[(lengthBytes + length)..];
            return true;
        }

        public bool SkipVector(int lengthBytes) => ReadVector(lengthBytes, out _);
    }
}
