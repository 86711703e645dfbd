using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Images;

/// <summary>Orders recipes so that every image comes after the images it depends on.</summary>
public static class BuildOrder
{
    /// <param name="recipes">All known recipes.</param>
    /// <param name="wanted">Tags to build (with their dependencies); empty means all.</param>
    /// <exception cref="UserErrorException">A dependency or wanted tag is unknown, or dependencies form a cycle.</exception>
    public static IReadOnlyList<ImageRecipe> Sort(IReadOnlyList<ImageRecipe> recipes, IReadOnlyCollection<string> wanted)
    {
        var byTag = recipes.ToDictionary(r => r.Tag, StringComparer.Ordinal);
        foreach (var tag in wanted.Where(t => !byTag.ContainsKey(t)))
        {
            throw new UserErrorException($"No recipe builds {tag}; known images: {string.Join(", ", byTag.Keys.Order(StringComparer.Ordinal))}.");
        }

        var ordered = new List<ImageRecipe>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var visiting = new List<string>();
        foreach (var recipe in wanted.Count == 0 ? recipes : wanted.Select(t => byTag[t]))
        {
            Visit(recipe, byTag, done, visiting, ordered);
        }

        return ordered;
    }

    private static void Visit(
        ImageRecipe recipe,
        Dictionary<string, ImageRecipe> byTag,
        HashSet<string> done,
        List<string> visiting,
        List<ImageRecipe> ordered)
    {
        if (done.Contains(recipe.Tag))
        {
            return;
        }

        if (visiting.Contains(recipe.Tag))
        {
            throw new UserErrorException($"The image recipes depend on each other in a cycle: {string.Join(" -> ", visiting.SkipWhile(t => t != recipe.Tag))} -> {recipe.Tag}.");
        }

        visiting.Add(recipe.Tag);
        foreach (var dependency in recipe.DependsOn)
        {
            if (!byTag.TryGetValue(dependency, out var needed))
            {
                throw new UserErrorException(
                    $"{Path.Combine(recipe.Folder, ImageRecipe.ManifestFileName)}: depends-on {dependency}, which no recipe in {Path.GetDirectoryName(recipe.Folder)} builds.");
            }

            Visit(needed, byTag, done, visiting, ordered);
        }

        visiting.RemoveAt(visiting.Count - 1);
        done.Add(recipe.Tag);
        ordered.Add(recipe);
    }
}
