using System.Globalization;
using System.Text;
using DynamicProbe.Sinkhole.Records;
using DynamicProbe.Sinkhole.Text;

namespace DynamicProbe.Sinkhole.Tcp;

/// <summary>
/// The head of a plain HTTP/1.x request: enough to answer it plausibly and to know when its body has arrived.
/// Parsing is lenient (a bare LF ends a line too) because the goal is to keep a downloader going, not to judge it.
/// </summary>
/// <param name="HeadLength">Bytes up to and including the blank line, or null while the head is still arriving.</param>
/// <param name="ContentLength">The declared body length, if any.</param>
public sealed record HttpRequestHead(
    string Method,
    string Target,
    string? Host,
    int? HeadLength,
    long? ContentLength,
    bool Chunked,
    bool ExpectsContinue)
{
    private const int MaxFieldBytes = 2048;

    private static readonly string[] Methods = ["GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"];

    public bool HeadComplete => HeadLength is not null;

    public HttpRequestSummary Summary => new(Method, Target, Host);

    /// <summary>True when the bytes so far begin like an HTTP request (a known method and a space, or a prefix of one).</summary>
    public static bool LooksLikeHttp(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return false;
        }

        foreach (var method in Methods)
        {
            var token = Encoding.ASCII.GetBytes(method + " ");
            var compared = Math.Min(token.Length, data.Length);
            if (data[..compared].SequenceEqual(token.AsSpan(0, compared)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The request so far, or null until its request line is complete (or when it is not HTTP at all).</summary>
    public static HttpRequestHead? TryParse(ReadOnlySpan<byte> data)
    {
        if (!LooksLikeHttp(data))
        {
            return null;
        }

        var lineEnd = data.IndexOf((byte)'\n');
        if (lineEnd < 0)
        {
            return null;
        }

        var requestLine = TrimCarriageReturn(data[..lineEnd]);
        var firstSpace = requestLine.IndexOf((byte)' ');
        var rest = requestLine[(firstSpace + 1)..];
        var secondSpace = rest.IndexOf((byte)' ');
        var method = PrintableText.From(requestLine[..firstSpace]);
        var target = PrintableText.From(secondSpace < 0 ? rest : rest[..secondSpace], MaxFieldBytes);

        string? host = null;
        long? contentLength = null;
        var chunked = false;
        var expectsContinue = false;
        int? headLength = null;
        var position = lineEnd + 1;
        while (position < data.Length)
        {
            var next = data[position..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            var line = TrimCarriageReturn(data.Slice(position, next));
            position += next + 1;
            if (line.IsEmpty)
            {
                headLength = position;
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = Encoding.ASCII.GetString(line[..colon]).Trim();
            var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                host = PrintableText.From(value, MaxFieldBytes);
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                     && long.TryParse(Encoding.ASCII.GetString(value), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                contentLength = length;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = Encoding.ASCII.GetString(value).Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                expectsContinue = Encoding.ASCII.GetString(value).Equals("100-continue", StringComparison.OrdinalIgnoreCase);
            }
        }

        return new HttpRequestHead(method, target, host, headLength, contentLength, chunked, expectsContinue);
    }

    /// <summary>True when the whole request, body included, is in <paramref name="data"/>.</summary>
    public bool IsCompleteIn(ReadOnlySpan<byte> data)
    {
        if (HeadLength is not { } head)
        {
            return false;
        }

        if (Chunked)
        {
            return data[head..].IndexOf("0\r\n\r\n"u8) >= 0;
        }

        return data.Length - head >= (ContentLength ?? 0);
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
