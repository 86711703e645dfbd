using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// A host folder under <see cref="DefaultRoot"/> that carries an <c>owner</c> file naming the process that made it, so
/// the <see cref="Reaper"/> can delete it once that process is dead. It appears under its final name only with the
/// owner file already inside (made under a dot-name, then renamed), so a reaper never sees it ownerless.
/// Disposing deletes it with all its contents.
/// <para>
/// Sandboxes see these host paths: the source of every bind mount (identity files, the workdir copy, a build's
/// sources) is named in their <c>/proc/self/mountinfo</c>, so the root names neither Docker nor this tool.
/// </para>
/// </summary>
public sealed class ScratchFolder : IAsyncDisposable
{
    public const string DefaultRoot = "/tmp/sysimage";
    public const string OwnerFileName = "owner";

    private ScratchFolder(string path) => Path = path;

    public string Path { get; }

    public static ScratchFolder Create(string root, string name, OwnerIdentity owner)
    {
        Directory.CreateDirectory(root);
        var final = System.IO.Path.Combine(root, name);
        var pending = System.IO.Path.Combine(root, "." + name);
        // Only root (the orchestrator) may look inside; containers see the files through their bind mounts.
        Directory.CreateDirectory(pending, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(System.IO.Path.Combine(pending, OwnerFileName), owner.ToString());
        Directory.Move(pending, final);
        return new ScratchFolder(final);
    }

    /// <summary>The owner named in a scratch folder, or null when the file is missing or garbled.</summary>
    public static OwnerIdentity? ReadOwner(string folder)
    {
        try
        {
            return OwnerIdentity.TryParse(File.ReadAllText(System.IO.Path.Combine(folder, OwnerFileName)));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }

        return ValueTask.CompletedTask;
    }
}
