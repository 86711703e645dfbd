namespace DynamicProbe.Repository.Tests;

/// <summary>The repository's root folder, found from the test binaries' folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "DynamicProbe.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("DynamicProbe.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
