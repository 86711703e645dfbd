using System.Globalization;
using System.Text.RegularExpressions;

namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// Sizes as scenarios write them: a whole number of bytes, optionally followed by <c>k</c>, <c>m</c> or <c>g</c>
/// (binary: 1k = 1024 bytes), in either case: <c>268435456</c>, <c>256k</c>, <c>512m</c>, <c>1G</c>.
/// </summary>
public static partial class ByteSizeFormat
{
    /// <summary>What a valid size looks like, for error messages.</summary>
    public const string Expected = "a size like 512m, 1g, 256k or a number of bytes";

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = Pattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var multiplier = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            _ => 1L,
        };
        if (amount > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = amount * multiplier;
        return true;
    }

    [GeneratedRegex("^([0-9]+)([kmg]?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
