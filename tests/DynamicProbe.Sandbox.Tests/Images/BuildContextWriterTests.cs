using System.Formats.Tar;
using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Sandbox.Tests.Images;

public sealed class BuildContextWriterTests
{
    [Test]
    public async Task TheContextHoldsTheRecipeAtItsRootAndEachInputAtItsPath()
    {
        using var folder = new TestRecipeFolder();
        var muxer = folder.Write("dotnet", "#!/bin/sh\n", folder.Input);
        File.SetUnixFileMode(muxer, File.GetUnixFileMode(muxer) | UnixFileMode.UserExecute);
        folder.Write("shared/App/1.0/lib.so", "lib", folder.Input);
        folder.WithDockerfileRecipe($"tag: test/img\nkind: dockerfile\ninputs:\n"
            + $"  - {{ from: \"{muxer}\", to: rt/bin/dotnet }}\n"
            + $"  - {{ from: \"{Path.Combine(folder.Input, "shared")}\", to: rt/shared }}\n");
        var recipe = RecipeLoader.Load(folder.Recipe, new Dictionary<string, string>());

        var entries = await ReadEntriesAsync(recipe);

        Assert.That(entries.Keys, Is.SupersetOf(new[]
        {
            "Dockerfile", "allowances.yaml", "image.yaml",
            "rt/", "rt/bin/", "rt/bin/dotnet", "rt/shared/", "rt/shared/App/1.0/lib.so",
        }));
        Assert.That(entries["rt/bin/dotnet"].Mode & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
        Assert.That(entries.Keys, Has.None.Contains(folder.Input.TrimStart('/')), "no host path leaks into the context");
    }

    private static async Task<Dictionary<string, TarEntry>> ReadEntriesAsync(ImageRecipe recipe)
    {
        using var tar = new MemoryStream();
        await BuildContextWriter.WriteAsync(recipe, tar, CancellationToken.None);
        tar.Position = 0;
        var entries = new Dictionary<string, TarEntry>();
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            entries.Add(entry.Name, entry);
        }

        return entries;
    }
}
