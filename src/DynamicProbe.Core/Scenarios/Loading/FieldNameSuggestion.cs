namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>Turns a misspelt field name into "did you mean 'X'?", or lists the known names when none is close.</summary>
internal static class FieldNameSuggestion
{
    public static string For(string unknown, IReadOnlyList<string> known)
    {
        if (known.Count == 0)
        {
            return "expected no fields here";
        }

        var closest = known
            .Select(name => (Name: name, Distance: EditDistance(unknown.ToLowerInvariant(), name.ToLowerInvariant())))
            .OrderBy(candidate => candidate.Distance)
            .FirstOrDefault();
        return closest.Name is not null && closest.Distance <= Math.Max(2, closest.Name.Length / 3)
            ? $"did you mean '{closest.Name}'?"
            : $"expected one of: {string.Join(", ", known)}";
    }

    /// <summary>Levenshtein distance: the fewest single-character insertions, deletions and substitutions.</summary>
    public static int EditDistance(string from, string to)
    {
        var previous = new int[to.Length + 1];
        var current = new int[to.Length + 1];
        for (var j = 0; j <= to.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= from.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= to.Length; j++)
            {
                var substitution = previous[j - 1] + (from[i - 1] == to[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[to.Length];
    }
}
