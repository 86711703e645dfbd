using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Sandbox.Tests.Images;

public sealed class RecipeLoaderTests
{
    private static readonly Dictionary<string, string> Placeholders = new() { ["dotnet-root"] = "/nonexistent" };

    [Test]
    public void TheRepositoryRecipesLoad()
    {
        var recipes = RepositoryRecipes.Load().ToDictionary(r => r.Tag);

        Assert.That(recipes.Keys, Is.EquivalentTo(new[] { "dynamicprobe/base", "dynamicprobe/dotnet", "dynamicprobe/sdk" }));
        Assert.That(recipes["dynamicprobe/base"].Kind, Is.EqualTo(RecipeKind.Rootfs));
        Assert.That(recipes["dynamicprobe/base"].RootfsScript, Is.EqualTo("build-rootfs.sh"));
        Assert.That(recipes["dynamicprobe/dotnet"].DependsOn, Is.EqualTo(new[] { "dynamicprobe/base" }));
        Assert.That(recipes["dynamicprobe/sdk"].Inputs, Is.Empty, "the SDK is mounted at run time, never copied");
    }

    [Test]
    public void TheDotnetImageTakesOnlyTheRuntimeFromTheHost()
    {
        var dotnet = RepositoryRecipes.Load().Single(r => r.Tag == "dynamicprobe/dotnet");
        var root = ImageBuilderOptions.HostDotnetRoot();

        var copied = dotnet.Inputs.Select(i => Path.GetRelativePath(root, i.HostPath)).ToList();

        Assert.That(copied, Does.Contain("dotnet").And.Contain(Path.Combine("shared", "Microsoft.NETCore.App")).And.Contain("host"));
        Assert.That(copied, Has.None.StartsWith("sdk").And.None.StartsWith("packs"));
    }

    [Test]
    public void PlaceholdersAreExpandedInInputs()
    {
        using var folder = new TestRecipeFolder();
        folder.Write("runtime/dotnet", "muxer", folder.Input);
        folder.WithDockerfileRecipe("tag: test/img\nkind: dockerfile\ninputs:\n  - { from: \"{root}/runtime/dotnet\", to: bin/dotnet }\n");

        var recipe = RecipeLoader.Load(folder.Recipe, new Dictionary<string, string> { ["root"] = folder.Input });

        Assert.That(recipe.Inputs, Is.EqualTo(new[] { new HostInput(Path.Combine(folder.Input, "runtime", "dotnet"), "bin/dotnet") }));
    }

    [Test]
    public void AnUnknownKeyIsReportedWithItsLine()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe("tag: test/img\nkind: dockerfile\nfrom: debian\n");

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("image.yaml:3:1").And.Contain("unknown key 'from'"));
    }

    [Test]
    public void AnUnknownKindIsReported()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe("tag: test/img\nkind: nix\n");

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("image.yaml:2:7").And.Contain("rootfs or dockerfile"));
    }

    [Test]
    public void ARootfsRecipeNeedsItsScript()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe("tag: test/img\nkind: rootfs\n");

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("script:"));
    }

    [Test]
    public void AnUnknownPlaceholderIsReported()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe("tag: test/img\nkind: dockerfile\ninputs:\n  - { from: \"{nuget-root}/x\", to: x }\n");

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("{nuget-root}").And.Contain("{dotnet-root}"));
    }

    [Test]
    public void AMissingHostInputIsReported()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe("tag: test/img\nkind: dockerfile\ninputs:\n  - { from: \"{dotnet-root}/dotnet\", to: dotnet }\n");

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("/nonexistent/dotnet does not exist on this host"));
    }

    [Test]
    public void AnInputMayNotEscapeTheContext()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe("tag: test/img\nkind: dockerfile\ninputs:\n  - { from: \"/etc/hostname\", to: ../x }\n");

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("inside the build context"));
    }

    [Test]
    public void EveryRecipeNeedsAllowances()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe();
        File.Delete(Path.Combine(folder.Recipe, "allowances.yaml"));

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("allowances.yaml"));
    }

    [Test]
    public void MalformedAllowancesAreReportedWithTheirLocation()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe();
        folder.Write("allowances.yaml", "files:\n  read: /app/**\n");

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.Load(folder.Recipe, Placeholders));

        Assert.That(error!.Message, Does.Contain("allowances.yaml:2"));
    }

    [Test]
    public void TwoRecipesMayNotBuildTheSameTag()
    {
        using var folder = new TestRecipeFolder("one").WithDockerfileRecipe();
        var twin = Path.Combine(folder.Recipes, "two");
        Directory.CreateDirectory(twin);
        foreach (var file in Directory.GetFiles(folder.Recipe))
        {
            File.Copy(file, Path.Combine(twin, Path.GetFileName(file)));
        }

        var error = Assert.Throws<UserErrorException>(() => RecipeLoader.LoadAll(folder.Recipes, Placeholders));

        Assert.That(error!.Message, Does.Contain("both build test/img"));
    }
}
