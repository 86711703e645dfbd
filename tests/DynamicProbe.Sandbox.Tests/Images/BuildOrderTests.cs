using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Sandbox.Tests.Images;

public sealed class BuildOrderTests
{
    [Test]
    public void DependenciesComeFirst()
    {
        var recipes = new[] { Recipe("app", "runtime"), Recipe("runtime", "base"), Recipe("base") };

        var order = BuildOrder.Sort(recipes, []).Select(r => r.Tag);

        Assert.That(order, Is.EqualTo(new[] { "base", "runtime", "app" }));
    }

    [Test]
    public void AWantedImageBringsItsDependenciesOnly()
    {
        var recipes = new[] { Recipe("base"), Recipe("runtime", "base"), Recipe("sdk", "base") };

        var order = BuildOrder.Sort(recipes, ["runtime"]).Select(r => r.Tag);

        Assert.That(order, Is.EqualTo(new[] { "base", "runtime" }));
    }

    [Test]
    public void TheRepositoryRecipesBuildBaseFirst()
    {
        var order = BuildOrder.Sort(RepositoryRecipes.Load(), []).Select(r => r.Tag).ToList();

        Assert.That(order[0], Is.EqualTo("dynamicprobe/base"));
        Assert.That(order, Has.Count.EqualTo(3));
    }

    [Test]
    public void ACycleIsReported()
    {
        var recipes = new[] { Recipe("a", "b"), Recipe("b", "a") };

        var error = Assert.Throws<UserErrorException>(() => BuildOrder.Sort(recipes, []));

        Assert.That(error!.Message, Does.Contain("cycle").And.Contain("a -> b -> a"));
    }

    [Test]
    public void AnUnknownDependencyIsReported()
    {
        var error = Assert.Throws<UserErrorException>(() => BuildOrder.Sort([Recipe("app", "debian")], []));

        Assert.That(error!.Message, Does.Contain("depends-on debian"));
    }

    [Test]
    public void AnUnknownWantedImageIsReported()
    {
        var error = Assert.Throws<UserErrorException>(() => BuildOrder.Sort([Recipe("base")], ["dynamicprobe/python"]));

        Assert.That(error!.Message, Does.Contain("No recipe builds dynamicprobe/python").And.Contain("base"));
    }

    private static ImageRecipe Recipe(string tag, params string[] dependsOn) =>
        new(tag, RecipeKind.Dockerfile, $"/recipes/{tag}", dependsOn, null, [], string.Empty);
}
