using System.Buffers.Binary;
using System.Text;

namespace DynamicProbe.Sinkhole.Tests.Support;

/// <summary>TLS ClientHellos: one captured from curl 7.88 (OpenSSL 3) asking for secret.example.org, and built ones.</summary>
public static class ClientHellos
{
    public const string CurlServerName = "secret.example.org";

    public static byte[] Curl => Convert.FromBase64String(
        "FgMBAgABAAH8AwNcVTLAoHLMsvT38Z1cLJyk5t3s6fVo5Uwxx58WKJKBJiCJJCqTTfwoHSMBVcAMjaZN1z6+7CZH9bc9jgTkbjdiEwA+EwITAxMBwCzAMACfzKnMqMyqwCvALwCewCTAKABrwCPAJwBnwArAFAA5wAnAEwAzAJ0AnAA9ADwANQAvAP8BAAF1AAAAFwAVAAASc2VjcmV0LmV4YW1wbGUub3JnAAsABAMAAQIACgAWABQAHQAXAB4AGQAYAQABAQECAQMBBAAQAA4ADAJoMghodHRwLzEuMQAWAAAAFwAAADEAAAANACoAKAQDBQMGAwgHCAgICQgKCAsIBAgFCAYEAQUBBgEDAwMBAwIEAgUCBgIAKwAJCAMEAwMDAgMBAC0AAgEBADMAJgAkAB0AIKjmqHtK8nFUg6eGy6HUQG0nJ85ovVNL2Rz5qif4uE0AABUAqwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==");

    /// <summary>A minimal TLS 1.2-style ClientHello whose only extension is SNI, in one record.</summary>
    public static byte[] Built(string serverName) => [.. Records(Handshake(serverName), maxRecordPayload: int.MaxValue)];

    /// <summary>The same ClientHello spread over handshake records of at most <paramref name="maxRecordPayload"/> bytes.</summary>
    public static byte[] Split(string serverName, int maxRecordPayload) => [.. Records(Handshake(serverName), maxRecordPayload)];

    private static byte[] Handshake(string serverName)
    {
        var name = Encoding.ASCII.GetBytes(serverName);
        byte[] serverNameList = [0, .. U16(name.Length), .. name];
        byte[] extension = [0, 0, .. U16(serverNameList.Length + 2), .. U16(serverNameList.Length), .. serverNameList];
        byte[] padding = [0, 21, .. U16(40), .. new byte[40]];
        byte[] extensions = [.. extension, .. padding];
        byte[] body =
        [
            3, 3, .. new byte[32],           // legacy_version, random
            0,                               // session id
            .. U16(2), 0x13, 0x01,           // one cipher suite
            1, 0,                            // null compression
            .. U16(extensions.Length), .. extensions,
        ];
        return [1, (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length, .. body];
    }

    private static IEnumerable<byte> Records(byte[] handshake, int maxRecordPayload)
    {
        for (var offset = 0; offset < handshake.Length; offset += maxRecordPayload)
        {
            var chunk = handshake.AsSpan(offset, Math.Min(maxRecordPayload, handshake.Length - offset)).ToArray();
            foreach (var b in (byte[])[0x16, 3, 1, .. U16(chunk.Length), .. chunk])
            {
                yield return b;
            }
        }
    }

    private static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }
}
