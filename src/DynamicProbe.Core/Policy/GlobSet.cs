using DotNet.Globbing;

namespace DynamicProbe.Core.Policy;

/// <summary>
/// A list of globs that matches a value when any of them does. <c>*</c> stays within one path segment, <c>**</c>
/// crosses folders, and a pattern ending in <c>/**</c> also matches the folder itself (so <c>/app/**</c> allows
/// listing <c>/app</c>).
/// </summary>
public sealed class GlobSet
{
    private readonly IReadOnlyList<Glob> _globs;

    private GlobSet(IReadOnlyList<Glob> globs) => _globs = globs;

    /// <param name="includeFolderItself">
    /// True for allowances (allowing <c>/app/**</c> allows listing <c>/app</c>); false for rules, where
    /// <c>/home/*/.ssh/**</c> must name what is inside the folder, not a listing of it.
    /// </param>
    public static GlobSet ForPaths(IEnumerable<string> patterns, bool includeFolderItself = true) =>
        new([.. patterns.SelectMany(p => includeFolderItself ? ExpandFolderSelf(p) : [p]).Select(p => Glob.Parse(p))]);

    /// <summary>
    /// Globs over <c>host:port</c> endpoints and DNS names. Brackets are literal here (IPv6 endpoints are written
    /// <c>[::1]:80</c>), not character classes.
    /// </summary>
    public static GlobSet ForEndpoints(IEnumerable<string> patterns) =>
        new([.. patterns.Select(p => Glob.Parse(EscapeBrackets(p)))]);

    public bool Matches(string value) => _globs.Any(g => g.IsMatch(value));

    private static IEnumerable<string> ExpandFolderSelf(string pattern)
    {
        yield return pattern;
        if (pattern.EndsWith("/**", StringComparison.Ordinal) && pattern.Length > 3)
        {
            yield return pattern[..^3];
        }
    }

    private static string EscapeBrackets(string pattern) =>
        string.Concat(pattern.Select(c => c switch
        {
            '[' => "[[]",
            ']' => "[]]",
            _ => c.ToString(),
        }));
}
