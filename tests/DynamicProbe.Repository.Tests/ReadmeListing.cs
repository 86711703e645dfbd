
namespace DynamicProbe.Repository.Tests;

/// <summary>
/// A file the README shows in full: the fenced block after its <c>&lt;!-- listing: PATH --&gt;</c> marker, which must be
/// the shipped file, byte for byte, so the README never walks through a workflow the repository does not run.
/// </summary>
internal static class ReadmeListing
{
    public static string Of(string relativePath)
    {
        var lines = File.ReadAllLines(RepositoryRoot.File("README.md"));
        var marker = Array.IndexOf(lines, $"<!-- listing: {relativePath} -->");
        Assert.That(marker, Is.GreaterThanOrEqualTo(0), $"README.md has no listing of {relativePath}");
        Assert.That(lines[marker + 1], Does.StartWith("```"), $"README.md: the listing of {relativePath} must follow its marker");
        var end = Array.FindIndex(lines, marker + 2, line => line == "```");
        return string.Concat(lines[(marker + 2)..end].Select(line => line + "\n"));
    }
}
