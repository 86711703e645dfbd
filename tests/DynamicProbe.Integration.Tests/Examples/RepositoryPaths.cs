namespace DynamicProbe.Integration.Tests.Examples;

/// <summary>Where the repository's example scenarios are, found from the test binaries' folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "scenarios", "examples");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DynamicProbe.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("DynamicProbe.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
