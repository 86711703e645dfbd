using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Sandbox.Tests.Images;

/// <summary>The repository's own sandbox-images/ folder, found from the test binaries.</summary>
internal static class RepositoryRecipes
{
    public static string Folder { get; } = RecipesFolderLocator.Find(TestContext.CurrentContext.TestDirectory);

    public static IReadOnlyList<ImageRecipe> Load() =>
        RecipeLoader.LoadAll(Folder, new ImageBuilderOptions(Folder, "/unused", ImageBuilderOptions.HostDotnetRoot()).Placeholders);
}
