namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Whether the names looked up under one domain carry data in their labels, as DNS tunnels do: a long label (16+
/// characters) that fits the hex, base32 or base64url alphabet and switches between letters and digits as random data
/// does (words with a number at the end do not), or that has high entropy. It is a heuristic for the reader, never a
/// reason to drop a lookup: the verdict only adds a note to a finding that exists anyway.
/// </summary>
public static class EncodedLabels
{
    private const int MinLength = 16;
    private const int MinSwitches = 3;

    /// <summary>
    /// <c>hex</c>, <c>base32</c>, <c>base64</c> or <c>high entropy</c> when at least half of
    /// <paramref name="names"/> (distinct names) carry such a label under <paramref name="domain"/>; else null.
    /// </summary>
    public static string? Describe(IReadOnlyCollection<string> names, string domain)
    {
        var verdicts = names.Select(n => Classify(n, domain)).OfType<string>().ToList();
        return verdicts.Count == 0 || verdicts.Count * 2 < names.Count
            ? null
            : verdicts.GroupBy(v => v).OrderByDescending(g => g.Count()).First().Key;
    }

    private static string? Classify(string name, string domain)
    {
        var trimmed = name.TrimEnd('.');
        var own = trimmed.ToLowerInvariant().EndsWith("." + domain, StringComparison.Ordinal) ? trimmed[..(trimmed.Length - domain.Length - 1)] : trimmed;
        return own.Split('.').Where(l => l.Length >= MinLength).Select(Classify).OfType<string>().FirstOrDefault();
    }

    private static string? Classify(string label)
    {
        var switches = Switches(label);
        if (label.All(char.IsAsciiHexDigit) && switches >= MinSwitches)
        {
            return "hex";
        }

        var oneCase = label.All(c => !char.IsAsciiLetterUpper(c)) || label.All(c => !char.IsAsciiLetterLower(c));
        if (oneCase && label.All(c => char.IsAsciiLetter(c) || c is >= '2' and <= '7') && switches >= MinSwitches)
        {
            return "base32";
        }

        if (label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            && label.Count(char.IsAsciiLetterUpper) >= 2 && label.Count(char.IsAsciiLetterLower) >= 2 && label.Any(char.IsAsciiDigit)
            && Entropy(label) >= 4.0)
        {
            return "base64";
        }

        return label.Length >= 24 && switches >= MinSwitches && Entropy(label) >= 4.2 ? "high entropy" : null;
    }

    /// <summary>How often the label changes between a letter and a digit.</summary>
    private static int Switches(string label) =>
        Enumerable.Range(1, label.Length - 1).Count(i => char.IsAsciiDigit(label[i]) != char.IsAsciiDigit(label[i - 1]));

    /// <summary>Shannon entropy in bits per character.</summary>
    private static double Entropy(string label) =>
        -label.GroupBy(c => c).Sum(g => (double)g.Count() / label.Length * Math.Log2((double)g.Count() / label.Length));
}
