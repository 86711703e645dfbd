using System.Buffers.Binary;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>Builds the fake server's replies: a header, the question echoed (uncompressed), at most one answer.</summary>
public static class DnsResponseWriter
{
    /// <summary>Answers live this long; long enough that a program does not re-ask in a loop, short enough to look normal.</summary>
    public const uint AnswerTtlSeconds = 60;

    public static byte[] Write(
        ushort id, int opcode, bool recursionDesired, DnsResponseCode code, DnsQuestion? question, ushort answerType, ReadOnlySpan<byte> answerData)
    {
        var hasAnswer = question is not null && answerData.Length > 0;
        var length = DnsMessageParser.HeaderLength
                     + (question is null ? 0 : question.WireName.Length + 4)
                     + (hasAnswer ? 2 + 10 + answerData.Length : 0);
        var packet = new byte[length];
        var span = packet.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, id);
        var flags = 0x8000                       // QR: a response
                    | ((opcode & 0xF) << 11)
                    | (recursionDesired ? 0x0100 : 0)
                    | 0x0080                     // RA: looks like an ordinary recursive resolver
                    | ((int)code & 0xF);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], (ushort)(question is null ? 0 : 1));
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(hasAnswer ? 1 : 0));
        var offset = DnsMessageParser.HeaderLength;
        if (question is not null)
        {
            question.WireName.CopyTo(span[offset..]);
            offset += question.WireName.Length;
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], question.Type);
            BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 2)..], question.Class);
            offset += 4;
        }

        if (hasAnswer)
        {
            BinaryPrimitives.WriteUInt16BigEndian(span[offset..], 0xC000 | DnsMessageParser.HeaderLength); // the question's name
            BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 2)..], answerType);
            BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 4)..], DnsTypeNames.ClassInternet);
            BinaryPrimitives.WriteUInt32BigEndian(span[(offset + 6)..], AnswerTtlSeconds);
            BinaryPrimitives.WriteUInt16BigEndian(span[(offset + 10)..], (ushort)answerData.Length);
            answerData.CopyTo(span[(offset + 12)..]);
        }

        return packet;
    }
}
