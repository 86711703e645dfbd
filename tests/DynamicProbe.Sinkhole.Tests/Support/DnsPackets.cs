using System.Buffers.Binary;
using System.Text;

namespace DynamicProbe.Sinkhole.Tests.Support;

/// <summary>Builds DNS query packets the way a stub resolver does, and reads the parts of answers tests check.</summary>
public static class DnsPackets
{
    public static byte[] Query(string name, ushort type, ushort id = 0x1234, ushort flags = 0x0100, ushort @class = 1)
    {
        var packet = new List<byte>();
        packet.AddRange(U16(id));
        packet.AddRange(U16(flags));
        packet.AddRange(U16(1));
        packet.AddRange(U16(0));
        packet.AddRange(U16(0));
        packet.AddRange(U16(0));
        packet.AddRange(Name(name));
        packet.AddRange(U16(type));
        packet.AddRange(U16(@class));
        return [.. packet];
    }

    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var data = Encoding.ASCII.GetBytes(label);
            bytes.Add((byte)data.Length);
            bytes.AddRange(data);
        }

        bytes.Add(0);
        return [.. bytes];
    }

    public static byte[] U16(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }

    public static ushort Id(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response);

    public static int ResponseCode(byte[] response) => response[3] & 0xF;

    public static bool IsResponse(byte[] response) => (response[2] & 0x80) != 0;

    public static int AnswerCount(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(6));

    /// <summary>The data of the single answer, which the fake server always puts last.</summary>
    public static byte[] AnswerData(byte[] response)
    {
        // Header, question (uncompressed name, type, class), then the answer (pointer, type, class, ttl, rdlength, rdata).
        var offset = 12;
        while (response[offset] != 0)
        {
            offset += 1 + response[offset];
        }

        offset += 1 + 4;
        offset += 2 + 2 + 2 + 4;
        var dataLength = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(offset));
        return response.AsSpan(offset + 2, dataLength).ToArray();
    }
}
