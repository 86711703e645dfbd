using System.Globalization;
using System.Text;
using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Reports.Sarif;

/// <summary>
/// Where a scenario file is, as SARIF points at it: a URI relative to the source root (the directory the report is
/// written from, the repository root in CI) with <c>uriBaseId</c> <see cref="SourceRoot"/>, which the run's
/// <c>originalUriBaseIds</c> resolves; a file outside that root gets an absolute <c>file:</c> URI instead.
/// </summary>
/// <param name="BaseId">The base the URI is relative to; null for an absolute URI.</param>
public sealed record SarifArtifact(string Uri, string? BaseId)
{
    public const string SourceRoot = "%SRCROOT%";

    public static SarifArtifact Of(string file, string root)
    {
        var full = Path.GetFullPath(file, root);
        var relative = Path.GetRelativePath(root, full);
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? new SarifArtifact("file://" + Escape(full), null)
            : new SarifArtifact(Escape(relative), SourceRoot);
    }

    /// <summary>The absolute <c>file:</c> URI of a folder, ending in a slash as a base URI must.</summary>
    public static string FolderUri(string folder) => "file://" + Escape(Path.GetFullPath(folder).TrimEnd('/') + "/");

    /// <summary>
    /// Percent-encodes every byte outside the unreserved set but the slash; a byte that was not valid UTF-8 (a lone
    /// surrogate of <see cref="LosslessText"/>) is encoded as that very byte, so the URI names the file on disk.
    /// </summary>
    private static string Escape(string path)
    {
        var uri = new StringBuilder(path.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length;)
        {
            if (LosslessText.EscapedByte(path[i]) is { } raw)
            {
                Append(uri, raw);
                i++;
                continue;
            }

            // Any other lone surrogate decodes as U+FFFD: it names no byte.
            Rune.DecodeFromUtf16(path.AsSpan(i), out var rune, out var used);
            foreach (var b in utf8[..rune.EncodeToUtf8(utf8)])
            {
                Append(uri, b);
            }

            i += used;
        }

        return uri.ToString();
    }

    private static void Append(StringBuilder uri, byte b)
    {
        if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)'/')
        {
            uri.Append((char)b);
        }
        else
        {
            uri.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
        }
    }
}
