namespace DynamicProbe.Tests.Shared.ReportValidation;

/// <summary>The repository the tests were built from: the first folder above the test assembly that holds DynamicProbe.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "DynamicProbe.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DynamicProbe.sln above {AppContext.BaseDirectory}: the tests run from the repository's build output.");
    }
}
