using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Reads the questions of a DNS query the monitor saw a program send towards port 53. Names are written as the
/// sinkhole's catcher writes them (DynamicProbe.Sinkhole's DnsNameText: presentation format, case kept, no trailing
/// dot, <c>\.</c> and <c>\\</c> inside a label, any other byte outside printable ASCII as <c>\DDD</c>), and types as
/// its mnemonics, so <c>expect.network.dns</c> globs match alike under <c>network: none</c> and <c>sinkhole</c>.
/// Anything that is not a well-formed query gives no question: the connect or sendto that carried it is recorded anyway.
/// </summary>
internal static class DnsQuestionReader
{
    private const int HeaderLength = 12;
    private const int MaxQuestions = 4;
    private const int MaxLabelLength = 63;
    private const int MaxNameWireLength = 255;

    private static readonly Dictionary<ushort, string> TypeNames = new()
    {
        [1] = "A", [2] = "NS", [5] = "CNAME", [6] = "SOA", [12] = "PTR", [13] = "HINFO", [15] = "MX", [16] = "TXT",
        [28] = "AAAA", [33] = "SRV", [35] = "NAPTR", [39] = "DNAME", [41] = "OPT", [43] = "DS", [46] = "RRSIG",
        [47] = "NSEC", [48] = "DNSKEY", [52] = "TLSA", [64] = "SVCB", [65] = "HTTPS", [99] = "SPF", [251] = "IXFR",
        [252] = "AXFR", [255] = "ANY", [256] = "URI", [257] = "CAA",
    };

    /// <summary>The questions of a query sent over UDP, or over TCP with its two-byte length prefix.</summary>
    public static IReadOnlyList<(string Name, string QueryType)> Read(ReadOnlySpan<byte> datagram)
    {
        var questions = ReadMessage(datagram);
        if (questions.Count == 0 && datagram.Length > 2 && BinaryPrimitives.ReadUInt16BigEndian(datagram) == datagram.Length - 2)
        {
            questions = ReadMessage(datagram[2..]);
        }

        return questions;
    }

    private static List<(string Name, string QueryType)> ReadMessage(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength || (message[2] & 0x80) != 0)
        {
            return [];
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        if (count is 0 or > MaxQuestions)
        {
            return [];
        }

        var questions = new List<(string, string)>(count);
        var offset = HeaderLength;
        for (var i = 0; i < count; i++)
        {
            var name = ReadName(message, ref offset);
            if (name is null || offset + 4 > message.Length)
            {
                return [];
            }

            questions.Add((name, TypeName(BinaryPrimitives.ReadUInt16BigEndian(message[offset..]))));
            offset += 4;
        }

        return questions;
    }

    /// <summary>An uncompressed name (a query's question never points back), or null when it is malformed.</summary>
    private static string? ReadName(ReadOnlySpan<byte> message, ref int offset)
    {
        var text = new StringBuilder();
        var wireLength = 1;
        while (offset < message.Length)
        {
            var length = message[offset++];
            if (length == 0)
            {
                return text.Length == 0 ? "." : text.ToString();
            }

            wireLength += 1 + length;
            if (length > MaxLabelLength || wireLength > MaxNameWireLength || offset + length > message.Length)
            {
                return null;
            }

            if (text.Length > 0)
            {
                text.Append('.');
            }

            foreach (var b in message.Slice(offset, length))
            {
                if (b is (byte)'.' or (byte)'\\')
                {
                    text.Append('\\').Append((char)b);
                }
                else if (b is > 0x20 and <= 0x7e)
                {
                    text.Append((char)b);
                }
                else
                {
                    text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
                }
            }

            offset += length;
        }

        return null;
    }

    private static string TypeName(ushort type) =>
        TypeNames.TryGetValue(type, out var name) ? name : "TYPE" + type.ToString(CultureInfo.InvariantCulture);
}
