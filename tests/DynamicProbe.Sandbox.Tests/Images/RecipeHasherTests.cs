using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Sandbox.Tests.Images;

public sealed class RecipeHasherTests
{
    private static readonly Dictionary<string, string> NoPlaceholders = [];

    [Test]
    public async Task TheSameRecipeHashesTheSame()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe();

        var first = await HashAsync(folder);
        var second = await HashAsync(folder);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public async Task ChangingAFileOfTheRecipeChangesTheHash()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe();
        var before = await HashAsync(folder);

        folder.Write("Dockerfile", "FROM scratch\nENV X=1\n");

        Assert.That(await HashAsync(folder), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task ChangingTheAllowancesChangesTheHash()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe();
        var before = await HashAsync(folder);

        folder.Write("allowances.yaml", "files: { read: [\"/app/**\", \"/etc/ssl/**\"] }\n");

        Assert.That(await HashAsync(folder), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task AddingAFileToTheRecipeChangesTheHash()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe();
        var before = await HashAsync(folder);

        folder.Write("extra/notes.txt", "new");

        Assert.That(await HashAsync(folder), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task MakingAScriptExecutableChangesTheHash()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe();
        var script = folder.Write("make.sh", "#!/bin/sh\n");
        var before = await HashAsync(folder);

        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);

        Assert.That(await HashAsync(folder), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task ChangingAHostInputChangesTheHash()
    {
        using var folder = new TestRecipeFolder();
        folder.Write("lib/runtime.so", "v1", folder.Input);
        folder.WithDockerfileRecipe($"tag: test/img\nkind: dockerfile\ninputs:\n  - {{ from: \"{folder.Input}\", to: rt }}\n");
        var before = await HashAsync(folder);

        folder.Write("lib/runtime.so", "v2", folder.Input);

        Assert.That(await HashAsync(folder), Is.Not.EqualTo(before));
    }

    [Test]
    public async Task ANewImageOfADependencyChangesTheHash()
    {
        using var folder = new TestRecipeFolder().WithDockerfileRecipe("tag: test/img\nkind: dockerfile\ndepends-on: [test/base]\n");
        var recipe = RecipeLoader.Load(folder.Recipe, NoPlaceholders);

        var onOldBase = await RecipeHasher.HashAsync(recipe, new Dictionary<string, string> { ["test/base"] = "sha256:aaa" }, CancellationToken.None);
        var onNewBase = await RecipeHasher.HashAsync(recipe, new Dictionary<string, string> { ["test/base"] = "sha256:bbb" }, CancellationToken.None);

        Assert.That(onNewBase, Is.Not.EqualTo(onOldBase));
    }

    [Test]
    public async Task TheHashDoesNotDependOnWhereTheCheckoutIs()
    {
        using var here = new TestRecipeFolder().WithDockerfileRecipe();
        using var there = new TestRecipeFolder().WithDockerfileRecipe();

        Assert.That(await HashAsync(there), Is.EqualTo(await HashAsync(here)));
    }

    private static Task<string> HashAsync(TestRecipeFolder folder) =>
        RecipeHasher.HashAsync(RecipeLoader.Load(folder.Recipe, NoPlaceholders), new Dictionary<string, string>(), CancellationToken.None);
}
