namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Whether the names looked up under one domain carry data in their labels, as DNS tunnels do. Each name's longest
/// label of its own (left of the domain) counts when it is long (16+ characters); when at least half of the names
/// have one, those labels are judged together, so a chunk that happens to hold no letter does not hide the rest: hex
/// when they all fit its alphabet and hold a digit (no 16-letter word does; hex of text can hold no letter at all,
/// so digits alone count too), base32 when they fit its
/// alphabet and switch between letters and digits as random data does (words with a number at the end do not), base64 when they fit the base64url alphabet and switch between upper case, lower case
/// and digits as random data does (CamelCase names do not), high entropy otherwise when long and varied enough. It is
/// a heuristic for the reader, never a reason to drop a lookup: it only adds a note to a finding that exists anyway.
/// </summary>
public static class EncodedLabels
{
    private const int MinLength = 16;

    /// <summary><c>hex</c>, <c>base32</c>, <c>base64</c>, <c>high entropy</c>, or null when they do not look encoded.</summary>
    /// <param name="names">The distinct names looked up under <paramref name="domain"/>.</param>
    public static string? Describe(IReadOnlyCollection<string> names, string domain)
    {
        var labels = names.Select(n => DataLabel(n, domain)).OfType<string>().ToList();
        if (labels.Count == 0 || labels.Count * 2 < names.Count)
        {
            return null;
        }

        var joined = string.Concat(labels);
        if (joined.All(char.IsAsciiHexDigit) && joined.Any(char.IsAsciiDigit))
        {
            return "hex";
        }

        var digitSwitches = Switches(joined, c => char.IsAsciiDigit(c) ? 0 : 1);
        var randomDigits = digitSwitches >= 3 && digitSwitches * 10 >= joined.Length;

        var oneCase = joined.All(c => !char.IsAsciiLetterUpper(c)) || joined.All(c => !char.IsAsciiLetterLower(c));
        if (randomDigits && oneCase && joined.All(c => char.IsAsciiLetter(c) || c is >= '2' and <= '7'))
        {
            return "base32";
        }

        var classSwitches = Switches(joined, c => char.IsAsciiLetterUpper(c) ? 0 : char.IsAsciiLetterLower(c) ? 1 : char.IsAsciiDigit(c) ? 2 : 3);
        if (joined.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && !oneCase && classSwitches * 20 >= joined.Length * 9)
        {
            return "base64";
        }

        return joined.Length >= 24 && randomDigits && Entropy(joined) >= 4.2 ? "high entropy" : null;
    }

    /// <summary>The name's longest label left of <paramref name="domain"/>, when it is long enough to carry data.</summary>
    private static string? DataLabel(string name, string domain)
    {
        var trimmed = name.TrimEnd('.');
        var own = trimmed.ToLowerInvariant().EndsWith("." + domain, StringComparison.Ordinal) ? trimmed[..(trimmed.Length - domain.Length - 1)] : trimmed;
        var longest = own.Split('.').MaxBy(l => l.Length);
        return longest is { Length: >= MinLength } ? longest : null;
    }

    /// <summary>How often consecutive characters fall in different classes.</summary>
    private static int Switches(string text, Func<char, int> classOf) =>
        Enumerable.Range(1, text.Length - 1).Count(i => classOf(text[i]) != classOf(text[i - 1]));

    /// <summary>Shannon entropy in bits per character.</summary>
    private static double Entropy(string text) =>
        -text.GroupBy(c => c).Sum(g => (double)g.Count() / text.Length * Math.Log2((double)g.Count() / text.Length));
}
