using System.Formats.Tar;
using System.Text;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// The lived-in home folder the sandbox user starts with: shell start-up files and a few documents. An empty home
/// would hide what a wiper or a persistence implant does to it, and would tell malware it is in a sandbox.
/// </summary>
public static class HomeSeed
{
    private static readonly (string Path, string Content)[] Files =
    [
        (".bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\ncase $- in *i*) ;; *) return;; esac\nHISTCONTROL=ignoreboth\nalias ll='ls -l'\n"),
        (".profile", "# ~/.profile: executed by the command interpreter for login shells.\nif [ -n \"$BASH_VERSION\" ] && [ -f \"$HOME/.bashrc\" ]; then . \"$HOME/.bashrc\"; fi\nPATH=\"$HOME/.local/bin:$PATH\"\n"),
        (".bash_logout", "# ~/.bash_logout: executed by bash(1) when login shell exits.\n"),
        ("Documents/notes.txt", "Q3 planning\n- migrate billing to the new cluster\n- rotate the deploy keys\n"),
        ("Documents/budget-2026.csv", "team,amount\nplatform,120000\nsecurity,95000\n"),
        ("projects/website/README.md", "# website\nInternal marketing site.\n"),
    ];

    /// <summary>A tar archive of the seed, owned by <paramref name="user"/>, to unpack into its home.</summary>
    public static byte[] ArchiveFor(UserAccount user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var folder in Files.SelectMany(f => Ancestors(f.Path)).Distinct().Order(StringComparer.Ordinal))
            {
                writer.WriteEntry(Entry(TarEntryType.Directory, folder + "/", user, null));
            }

            foreach (var (path, content) in Files)
            {
                writer.WriteEntry(Entry(TarEntryType.RegularFile, path, user, content));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Every folder above a file, so each one is made with the user as owner, not left to the unpacker.</summary>
    private static IEnumerable<string> Ancestors(string path)
    {
        for (var folder = Path.GetDirectoryName(path); !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
        {
            yield return folder;
        }
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UserAccount user, string? content)
    {
        var entry = new PaxTarEntry(type, name)
        {
            Uid = user.Uid,
            Gid = user.Gid,
            Mode = type == TarEntryType.Directory
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite,
            ModificationTime = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero),
        };
        if (content is not null)
        {
            entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        }

        return entry;
    }
}
