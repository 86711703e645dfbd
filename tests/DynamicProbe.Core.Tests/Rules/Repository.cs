namespace DynamicProbe.Core.Tests.Rules;

/// <summary>Files of the repository itself, found by walking up from the test binaries.</summary>
internal static class Repository
{
    public static string File(string relativePath)
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} was not found above {TestContext.CurrentContext.TestDirectory}");
    }
}
