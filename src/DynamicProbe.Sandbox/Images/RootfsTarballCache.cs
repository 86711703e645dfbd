using System.Diagnostics;
using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Images;

/// <summary>
/// Runs a rootfs recipe's script (host tooling such as debootstrap) and keeps the tarball it writes under the cache
/// folder, keyed by the script's hash: rebuilding the image for any other reason reuses it instead of downloading again.
/// </summary>
public sealed class RootfsTarballCache(string cacheFolder)
{
    private const int TailLines = 30;

    public string Folder { get; } = Path.Combine(cacheFolder, "rootfs");

    /// <returns>The path of the tarball for the recipe's current script.</returns>
    /// <exception cref="UserErrorException">The cache folder cannot be written, or the script failed.</exception>
    public async Task<string> EnsureAsync(ImageRecipe recipe, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var script = Path.Combine(recipe.Folder, recipe.RootfsScript ?? throw new ArgumentException($"{recipe.Tag} is not a rootfs recipe", nameof(recipe)));
        var key = (await RecipeHasher.HashFileAsync(script, cancellationToken))[..16];
        var prefix = recipe.Tag.Replace('/', '_');
        var tarball = Path.Combine(Folder, $"{prefix}-{key}.tar");
        if (File.Exists(tarball))
        {
            progress.Report($"{recipe.Tag}: reusing the cached root file system {tarball}");
            return tarball;
        }

        CreateFolder();
        await using var exclusive = Lock();
        if (File.Exists(tarball))
        {
            return tarball;
        }

        RemoveLeftovers(progress);
        var partial = tarball + ".partial";
        progress.Report($"{recipe.Tag}: making the root file system with {recipe.RootfsScript} (downloads from the Debian mirror, about a minute)");
        try
        {
            await RunScriptAsync(recipe, script, partial, progress, cancellationToken);
            File.Move(partial, tarball);
        }
        finally
        {
            File.Delete(partial);
        }

        foreach (var stale in Directory.EnumerateFiles(Folder, $"{prefix}-*.tar").Where(p => p != tarball))
        {
            File.Delete(stale);
        }

        return tarball;
    }

    private static async Task RunScriptAsync(ImageRecipe recipe, string script, string output, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            WorkingDirectory = recipe.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { script, output },
        };
        using var process = Process.Start(start) ?? throw new UserErrorException($"Could not start /bin/bash to run {script}.");
        var tail = new Queue<string>();
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }

            progress.Report($"{recipe.Tag}: {line}");
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The script's own cleanup does not run on SIGKILL; its leftovers are removed under the lock next time.
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            string lines;
            lock (tail)
            {
                lines = string.Join(Environment.NewLine, tail);
            }

            throw new UserErrorException(
                $"{script} failed (exit code {process.ExitCode}) while making the root file system of {recipe.Tag}:{Environment.NewLine}{lines}");
        }
    }

    private void CreateFolder()
    {
        try
        {
            Directory.CreateDirectory(Folder);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UserErrorException(
                $"Cannot create the image cache folder {Folder}: {e.Message}. Build images as root, or pass --cache-dir with a writable folder.", e);
        }
    }

    private FileStream Lock()
    {
        var path = Path.Combine(Folder, ".lock");
        try
        {
            // FileShare.None takes an exclusive advisory lock: two builders never run the script into the same folder.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UserErrorException($"Cannot write the image cache folder {Folder}: build images as root, or pass --cache-dir with a writable folder.", e);
        }
        catch (IOException e)
        {
            throw new UserErrorException($"Another `dynamicprobe images` is making a root file system in {Folder}; wait for it to finish, then run again.", e);
        }
    }

    // Under the lock, anything unfinished belongs to a builder that died (killed, or the machine stopped).
    private void RemoveLeftovers(IProgress<string> progress)
    {
        foreach (var partial in Directory.EnumerateFiles(Folder, "*.partial"))
        {
            File.Delete(partial);
        }

        var mountPoints = File.ReadLines("/proc/self/mountinfo").Select(line => line.Split(' ')[4]).ToList();
        foreach (var work in Directory.EnumerateDirectories(Folder, "rootfs.*"))
        {
            // A killed debootstrap leaves /proc and /sys mounted in its chroot: deleting through them would hit the host.
            if (mountPoints.Any(m => m.StartsWith(work + "/", StringComparison.Ordinal)))
            {
                progress.Report($"leaving {work}: a dead debootstrap still has file systems mounted in it; unmount them (umount -R) and delete it");
                continue;
            }

            Directory.Delete(work, recursive: true);
        }
    }
}
