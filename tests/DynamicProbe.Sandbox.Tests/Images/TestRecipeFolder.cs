namespace DynamicProbe.Sandbox.Tests.Images;

/// <summary>A throw-away recipe folder (and a host input folder) on disk, deleted on dispose.</summary>
internal sealed class TestRecipeFolder : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dynamicprobe-recipe-test-");

    public TestRecipeFolder(string name = "img")
    {
        Recipe = Path.Combine(_root.FullName, "recipes", name);
        Input = Path.Combine(_root.FullName, "host-input");
        Directory.CreateDirectory(Recipe);
        Directory.CreateDirectory(Input);
    }

    public string Recipes => Path.GetDirectoryName(Recipe)!;

    public string Recipe { get; }

    public string Input { get; }

    public string Write(string relativePath, string text, string? under = null)
    {
        var path = Path.Combine(under ?? Recipe, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A minimal valid dockerfile recipe; <paramref name="manifest"/> replaces the default image.yaml.</summary>
    public TestRecipeFolder WithDockerfileRecipe(string? manifest = null)
    {
        Write("image.yaml", manifest ?? "tag: test/img\nkind: dockerfile\n");
        Write("Dockerfile", "FROM scratch\n");
        Write("allowances.yaml", "files: { read: [\"/app/**\"] }\n");
        return this;
    }

    public void Dispose() => _root.Delete(recursive: true);
}
