using System.Buffers;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// Finds every needle of a set of honeytokens in a text in one pass per comparison (a multi-string search over
/// hundreds of needles), so scanning megabytes of captures and files stays fast.
/// </summary>
internal sealed class SecretScanner
{
    private readonly Matcher exact;
    private readonly Matcher caseless;

    public SecretScanner(IEnumerable<Honeytoken> tokens)
    {
        var needles = tokens.SelectMany(SecretNeedles.For).ToList();
        exact = new Matcher(needles.Where(n => !n.IgnoresCase), StringComparer.Ordinal, StringComparison.Ordinal);
        caseless = new Matcher(needles.Where(n => n.IgnoresCase), StringComparer.OrdinalIgnoreCase, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Matches in <paramref name="text"/> itself, with their positions in it.</summary>
    public IEnumerable<SecretMatch> FindIn(string text) =>
        exact.FindIn(text, HaystackForm.AsIs).Concat(caseless.FindIn(text, HaystackForm.AsIs));

    /// <summary>Matches in every reading of <paramref name="text"/> (see <see cref="HaystackForms"/>).</summary>
    public IEnumerable<SecretMatch> FindInAnyForm(string text) =>
        HaystackForms.Of(text).SelectMany(f => exact.FindIn(f.Text, f.Form).Concat(caseless.FindIn(f.Text, f.Form)));

    private sealed class Matcher
    {
        private readonly SearchValues<string>? values;
        private readonly Dictionary<string, List<SecretNeedle>>.AlternateLookup<ReadOnlySpan<char>> needles;
        private readonly int[] lengths;

        public Matcher(IEnumerable<SecretNeedle> candidates, StringComparer comparer, StringComparison comparison)
        {
            var byText = new Dictionary<string, List<SecretNeedle>>(comparer);
            foreach (var needle in candidates)
            {
                if (!byText.TryGetValue(needle.Text, out var list))
                {
                    byText.Add(needle.Text, list = []);
                }

                list.Add(needle);
            }

            values = byText.Count == 0 ? null : SearchValues.Create([.. byText.Keys], comparison);
            needles = byText.GetAlternateLookup<ReadOnlySpan<char>>();
            lengths = [.. byText.Keys.Select(k => k.Length).Distinct()];
        }

        public IEnumerable<SecretMatch> FindIn(string text, HaystackForm form)
        {
            if (values is null)
            {
                yield break;
            }

            var from = 0;
            while (from < text.Length)
            {
                var at = text.AsSpan(from).IndexOfAny(values);
                if (at < 0)
                {
                    yield break;
                }

                at += from;
                foreach (var length in lengths)
                {
                    if (at + length <= text.Length && needles.TryGetValue(text.AsSpan(at, length), out var found))
                    {
                        foreach (var needle in found)
                        {
                            yield return new SecretMatch(needle, form, at);
                        }
                    }
                }

                from = at + 1;
            }
        }
    }
}
