using System.Globalization;
using System.Text;

namespace DynamicProbe.Sinkhole.Dns;

/// <summary>
/// A DNS name in presentation format (RFC 1035 §5.1), exactly as asked: case kept, no trailing dot, a dot or backslash
/// inside a label escaped with a backslash, and any byte outside printable ASCII as <c>\DDD</c> (decimal). The root
/// name is ".". Reversible, so a label holding base64, hex or raw binary loses nothing.
/// </summary>
public static class DnsNameText
{
    public static string From(IReadOnlyList<byte[]> labels)
    {
        if (labels.Count == 0)
        {
            return ".";
        }

        var text = new StringBuilder();
        for (var i = 0; i < labels.Count; i++)
        {
            if (i > 0)
            {
                text.Append('.');
            }

            foreach (var b in labels[i])
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
        }

        return text.ToString();
    }
}
