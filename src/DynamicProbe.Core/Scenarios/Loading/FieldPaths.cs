namespace DynamicProbe.Core.Scenarios.Loading;

/// <summary>Field paths as messages show them: <c>sandbox.timeout</c>, <c>steps[2].wait_for.port</c>.</summary>
internal static class FieldPaths
{
    public static string Field(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Item(string parent, int index) => $"{parent}[{index}]";

    public static bool IsSameOrInside(string path, string ancestor) =>
        ancestor.Length == 0
        || path == ancestor
        || (path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] is '.' or '[');

    /// <summary>The enclosing field (<c>sandbox</c> for <c>sandbox.timeout</c>); empty for a top-level field.</summary>
    public static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut < 0 ? string.Empty : path[..cut];
    }
}
