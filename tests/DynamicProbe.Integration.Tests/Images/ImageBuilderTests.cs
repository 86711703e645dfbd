using Docker.DotNet;
using Docker.DotNet.Models;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Images;
using YamlDotNet.RepresentationModel;

namespace DynamicProbe.Integration.Tests.Images;

[NonParallelizable]
public sealed class ImageBuilderTests
{
    private DockerEngine _engine = null!;
    private IReadOnlyList<ImageBuildResult> _built = null!;

    [OneTimeSetUp]
    public async Task BuildEveryImage()
    {
        _engine = DockerEngine.FromEnvironment();
        _built = await ImagesUnderTest.BuildAsync(_engine);
    }

    [OneTimeTearDown]
    public void Disconnect() => _engine.Dispose();

    [Test]
    public void EveryRecipeIsBuiltBaseFirst()
    {
        Assert.That(_built.Select(r => r.Tag), Is.EqualTo(new[] { "dynamicprobe/base", "dynamicprobe/dotnet", "dynamicprobe/sdk" }));
    }

    [Test]
    public async Task ASecondBuildSkipsEveryImageAsUpToDate()
    {
        var again = await ImagesUnderTest.BuildAsync(_engine);

        Assert.That(again.Select(r => r.UpToDate), Is.All.True);
        Assert.That(again.Select(r => r.ImageId), Is.EqualTo(_built.Select(r => r.ImageId)));
    }

    [Test]
    public async Task EveryImageIsLabelledWithTheHashOfItsRecipe()
    {
        var options = ImagesUnderTest.Options();
        var ids = _built.ToDictionary(r => r.Tag, r => r.ImageId);
        foreach (var recipe in RecipeLoader.LoadAll(options.RecipesFolder, options.Placeholders))
        {
            var expected = await RecipeHasher.HashAsync(recipe, ids, CancellationToken.None);

            var labels = (await InspectAsync(recipe.Tag)).Config.Labels;

            Assert.That(labels[ImageLabels.Recipe], Is.EqualTo(expected), recipe.Tag);
        }
    }

    [TestCase("dynamicprobe/base")]
    [TestCase("dynamicprobe/dotnet")]
    [TestCase("dynamicprobe/sdk")]
    public async Task TheAllowancesLabelIsYamlOfTheExpectShape(string image)
    {
        var yaml = (await InspectAsync(image)).Config.Labels[ImageLabels.Allowances];

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;

        Assert.That(Keys(root), Is.EquivalentTo(new[] { "files", "processes", "network" }));
        Assert.That(Keys((YamlMappingNode)root["files"]), Is.EquivalentTo(new[] { "read", "write" }));
        Assert.That(Keys((YamlMappingNode)root["network"]), Is.EquivalentTo(new[] { "dns", "connect", "listen" }));
        Assert.That(((YamlSequenceNode)root["processes"]).Select(n => n.ToString()), Does.Contain("/sbin/init"));
    }

    [Test]
    public async Task TheRuntimeImageRunsAsProbeAndTheBaseKnowsTheUser()
    {
        var dotnet = await InspectAsync("dynamicprobe/dotnet");

        Assert.That(dotnet.Config.User, Is.EqualTo("probe"));
        Assert.That(dotnet.Config.Env, Does.Contain("DOTNET_ROOT=/usr/share/dotnet"));
    }

    [Test]
    public async Task AnEditedRecipeIsRebuiltAndItsOldImageRemoved()
    {
        using var recipes = NoteRecipe("first");
        var builder = new ImageBuilder(_engine, ImagesUnderTest.Options() with { RecipesFolder = recipes.Folder });
        try
        {
            var first = (await builder.BuildAsync([], false, new Progress<string>(), CancellationToken.None)).Single();
            var unchanged = (await builder.BuildAsync([], false, new Progress<string>(), CancellationToken.None)).Single();
            recipes.Write("note/note.txt", "second\n");
            var edited = (await builder.BuildAsync([], false, new Progress<string>(), CancellationToken.None)).Single();

            Assert.That(first.UpToDate, Is.False);
            Assert.That(unchanged.UpToDate, Is.True);
            Assert.That(unchanged.ImageId, Is.EqualTo(first.ImageId));
            Assert.That(edited.UpToDate, Is.False);
            Assert.That(edited.ImageId, Is.Not.EqualTo(first.ImageId));
            Assert.That(await ExistsAsync(first.ImageId), Is.False, "the replaced image is deleted");
        }
        finally
        {
            await _engine.Client.Images.DeleteImageAsync("dynamicprobe-test/note", new ImageDeleteParameters { Force = true });
        }
    }

    [Test]
    public async Task AReplacedImageStillInUseIsKeptUntilFreeThenRemoved()
    {
        using var recipes = NoteRecipe("first");
        var builder = new ImageBuilder(_engine, ImagesUnderTest.Options() with { RecipesFolder = recipes.Folder });
        string? user = null;
        try
        {
            var first = (await builder.BuildAsync([], false, new Progress<string>(), CancellationToken.None)).Single();
            user = (await _engine.Client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Image = first.ImageId,
                Cmd = ["/note.txt"],
                Labels = new Dictionary<string, string>(TestLabels.ForTest("images-in-use")),
                HostConfig = new HostConfig { NetworkMode = "none" },
            })).ID;
            recipes.Write("note/note.txt", "second\n");

            await builder.BuildAsync([], false, new Progress<string>(), CancellationToken.None);
            var keptWhileUsed = await ExistsAsync(first.ImageId);
            await _engine.Client.Containers.RemoveContainerAsync(user, new ContainerRemoveParameters { Force = true });
            user = null;
            await builder.BuildAsync([], false, new Progress<string>(), CancellationToken.None);

            Assert.That(keptWhileUsed, Is.True);
            Assert.That(await ExistsAsync(first.ImageId), Is.False);
        }
        finally
        {
            if (user is not null)
            {
                await _engine.Client.Containers.RemoveContainerAsync(user, new ContainerRemoveParameters { Force = true });
            }

            await _engine.Client.Images.DeleteImageAsync("dynamicprobe-test/note", new ImageDeleteParameters { Force = true });
        }
    }

    private static ScratchRecipes NoteRecipe(string note)
    {
        var recipes = new ScratchRecipes();
        recipes.Write("note/image.yaml", "tag: dynamicprobe-test/note\nkind: dockerfile\n");
        recipes.Write("note/Dockerfile", "FROM scratch\nCOPY note.txt /\n");
        recipes.Write("note/allowances.yaml", "files: { read: [\"/note.txt\"] }\n");
        recipes.Write("note/note.txt", note + "\n");
        return recipes;
    }

    private static IEnumerable<string> Keys(YamlMappingNode map) => map.Children.Keys.Select(k => k.ToString());

    private Task<ImageInspectResponse> InspectAsync(string image) => _engine.Client.Images.InspectImageAsync(image);

    private async Task<bool> ExistsAsync(string image)
    {
        try
        {
            await InspectAsync(image);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    private sealed class ScratchRecipes : IDisposable
    {
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dynamicprobe-recipes-");

        public string Folder => _folder.FullName;

        public void Write(string relativePath, string text)
        {
            var path = Path.Combine(Folder, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        public void Dispose() => _folder.Delete(recursive: true);
    }
}
