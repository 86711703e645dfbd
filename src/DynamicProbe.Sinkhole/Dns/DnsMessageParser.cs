using System.Buffers.Binary;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>
/// Parses the header and question section of a DNS message (RFC 1035 §4.1). Every length and pointer is checked
/// against the packet, compression pointers may only point backwards and are followed a bounded number of times, so
/// no packet can make it loop, throw or allocate much.
/// </summary>
public static class DnsMessageParser
{
    public const int HeaderLength = 12;

    /// <summary>More questions than this in one message is refused outright (real resolvers accept exactly one).</summary>
    public const int MaxQuestions = 4;

    private const int MaxNameWireLength = 255;
    private const int MaxLabelLength = 63;
    private const int MaxPointerJumps = 16;

    public static DnsParseResult Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderLength)
        {
            return new DnsParseResult(null, $"{packet.Length} bytes, shorter than a DNS header", null, false);
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        var isResponse = (flags & 0x8000) != 0;
        var questionCount = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        if (questionCount > MaxQuestions)
        {
            return new DnsParseResult(null, $"header claims {questionCount} questions", id, isResponse);
        }

        var questions = new List<DnsQuestion>(questionCount);
        var offset = HeaderLength;
        for (var i = 0; i < questionCount; i++)
        {
            var problem = ReadName(packet, ref offset, out var labels, out var wireName);
            if (problem is not null)
            {
                return new DnsParseResult(null, $"question {i + 1}: {problem}", id, isResponse);
            }

            if (offset + 4 > packet.Length)
            {
                return new DnsParseResult(null, $"question {i + 1}: type and class cut off", id, isResponse);
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            offset += 4;
            questions.Add(new DnsQuestion(DnsNameText.From(labels), wireName, type, @class));
        }

        var query = new DnsQuery(
            id,
            isResponse,
            Opcode: (flags >> 11) & 0xF,
            RecursionDesired: (flags & 0x0100) != 0,
            questionCount,
            questions);
        return new DnsParseResult(query, null, id, isResponse);
    }

    /// <summary>Reads a possibly compressed name at <paramref name="offset"/>, leaving it just past the name.</summary>
    private static string? ReadName(ReadOnlySpan<byte> packet, ref int offset, out List<byte[]> labels, out byte[] wireName)
    {
        labels = [];
        wireName = [];
        var position = offset;
        var resumeAt = -1;
        var jumps = 0;
        var wireLength = 1; // the closing zero
        while (true)
        {
            if (position >= packet.Length)
            {
                return "name runs past the end of the packet";
            }

            var length = packet[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= packet.Length)
                {
                    return "compression pointer cut off";
                }

                var target = ((length & 0x3F) << 8) | packet[position + 1];
                if (target >= position || ++jumps > MaxPointerJumps)
                {
                    return "compression pointer loops or points forward";
                }

                if (resumeAt < 0)
                {
                    resumeAt = position + 2;
                }

                position = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                return $"unsupported label type 0x{length & 0xC0:x2}";
            }

            if (length == 0)
            {
                offset = resumeAt >= 0 ? resumeAt : position + 1;
                break;
            }

            if (length > MaxLabelLength)
            {
                return $"label of {length} bytes";
            }

            if (position + 1 + length > packet.Length)
            {
                return "label runs past the end of the packet";
            }

            wireLength += 1 + length;
            if (wireLength > MaxNameWireLength)
            {
                return "name longer than 255 bytes";
            }

            labels.Add(packet.Slice(position + 1, length).ToArray());
            position += 1 + length;
        }

        wireName = new byte[wireLength];
        var write = 0;
        foreach (var label in labels)
        {
            wireName[write++] = (byte)label.Length;
            label.CopyTo(wireName, write);
            write += label.Length;
        }

        wireName[write] = 0;
        return null;
    }
}
