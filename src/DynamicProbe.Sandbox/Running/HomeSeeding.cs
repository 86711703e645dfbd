using System.Formats.Tar;
using System.Globalization;
using DynamicProbe.Sandbox.Build;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Unpacks the <see cref="HomeSeed"/> into a started sandbox's home from the host, through the container's root as
/// <c>/proc/&lt;init pid&gt;/root</c> sees it. The home is a tmpfs that Docker's archive API cannot write into, and an
/// exec'd <c>tar</c> would appear in the recording; writing from the host does neither. The home itself is made 0700.
/// </summary>
internal static class HomeSeeding
{
    public static async Task SeedAsync(int initPid, UserAccount user, CancellationToken cancellationToken)
    {
        var home = HomeOnHost(initPid, user);
        // runc gives a tmpfs the mode of the folder it covers in the image, whatever the mount options said.
        File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var tar = new TarReader(new MemoryStream(HomeSeed.ArchiveFor(user)));
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var path = Path.Combine(home, entry.Name.TrimEnd('/'));
            if (entry.EntryType == TarEntryType.Directory)
            {
                Directory.CreateDirectory(path);
            }
            else if (entry.DataStream is { } data)
            {
                await using var file = File.Create(path);
                await data.CopyToAsync(file, cancellationToken);
            }

            File.SetUnixFileMode(path, entry.Mode);
            Ownership.Change(path, entry.Uid, entry.Gid);
        }
    }

    /// <summary>
    /// The home as the host reaches it. An absolute symlink on the way would resolve on the host, not in the
    /// container, so the path must hold none (the fresh tmpfs below the home holds none by construction).
    /// </summary>
    internal static string HomeOnHost(int initPid, UserAccount user)
    {
        var path = $"/proc/{initPid.ToString(CultureInfo.InvariantCulture)}/root";
        foreach (var part in user.Home.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path = Path.Combine(path, part);
            if (new DirectoryInfo(path) is not { Exists: true, LinkTarget: null })
            {
                throw new IOException($"cannot seed the home {user.Home}: {part} in the image is not a plain folder");
            }
        }

        return path;
    }
}
