namespace DynamicProbe.Core.Tests.Scenarios;

/// <summary>A temporary folder for scenario files and the projects they point at, deleted on dispose.</summary>
internal sealed class ScenarioWorkspace : IDisposable
{
    public ScenarioWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), $"dynamicprobe-scenario-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes a file (creating its folders) and returns its absolute path.</summary>
    public string Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string CreateFolder(string relativePath) => Directory.CreateDirectory(PathOf(relativePath)).FullName;

    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>Copies a file from Fixtures/scenarios into the workspace and returns its new path.</summary>
    public string CopyFixture(string fixtureName, string relativePath) =>
        Write(relativePath, File.ReadAllText(Path.Combine(FixtureFolder(), fixtureName)));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    // The fixtures live beside the tests' sources; the test assembly runs from bin/ below the project folder.
    private static string FixtureFolder()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            var fixtures = Path.Combine(folder.FullName, "Fixtures", "scenarios");
            if (File.Exists(Path.Combine(folder.FullName, "DynamicProbe.Core.Tests.csproj")) && Directory.Exists(fixtures))
            {
                return fixtures;
            }
        }

        throw new DirectoryNotFoundException("Fixtures/scenarios not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
