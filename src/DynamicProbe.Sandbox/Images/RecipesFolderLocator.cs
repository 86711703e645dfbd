using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Images;

/// <summary>Finds the repository's <c>sandbox-images/</c> folder from where the tool is run or installed.</summary>
public static class RecipesFolderLocator
{
    public const string FolderName = "sandbox-images";

    /// <summary>The first <c>sandbox-images/</c> found walking up from each start folder in turn.</summary>
    /// <exception cref="UserErrorException">None of the start folders is inside a checkout.</exception>
    public static string Find(params string[] startFolders)
    {
        foreach (var start in startFolders)
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, FolderName);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new UserErrorException(
            $"No {FolderName}/ folder above {string.Join(" or ", startFolders)}: run from the DynamicProbe checkout, or pass --recipes PATH/{FolderName}.");
    }
}
