using System.Diagnostics;
using System.Formats.Tar;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Build;

/// <summary>
/// One commit of the git repository a target's project is in, for <c>run --baseline-from REV</c>. Git on the host
/// only resolves the revision and writes its tree out (<c>git archive</c>: no checkout, no hook, no
/// <c>.git/worktrees</c> entry) into a <see cref="ScratchFolder"/>, which the Reaper removes if the tool dies; every
/// build of it runs in the build sandbox like any target.
/// </summary>
/// <param name="Root">The repository's top folder.</param>
/// <param name="Commit">The full hash <c>REV</c> names.</param>
public sealed record GitRevision(string Root, string Revision, string Commit)
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromMinutes(2);

    /// <exception cref="UserErrorException"><paramref name="folder"/> is in no git repository, or it has no such revision.</exception>
    public static async Task<GitRevision> ResolveAsync(string folder, string revision, CancellationToken cancellationToken)
    {
        var (rootCode, root, rootError) = await GitAsync(folder, ["rev-parse", "--show-toplevel"], null, cancellationToken);
        if (rootCode != 0)
        {
            throw new UserErrorException($"{folder}: --baseline-from needs the target's project in a git repository, and git says: {rootError.Trim()}");
        }

        var (commitCode, commit, _) = await GitAsync(root.Trim(), ["rev-parse", "--verify", "--quiet", "--end-of-options", $"{revision}^{{commit}}"], null, cancellationToken);
        if (commitCode != 0)
        {
            throw new UserErrorException($"{root.Trim()}: --baseline-from {revision}: no such commit in this repository (try a branch, a tag, a hash or HEAD~1).");
        }

        return new GitRevision(root.Trim(), revision, commit.Trim());
    }

    /// <summary>The tree of <see cref="Commit"/> in a new scratch folder (in its <c>tree</c> folder); disposing removes it.</summary>
    public async Task<ScratchFolder> CheckOutAsync(CancellationToken cancellationToken)
    {
        var scratch = ScratchFolder.Create(ScratchFolder.DefaultRoot, $"rev-{Guid.NewGuid():N}", OwnerIdentity.Current());
        try
        {
            var tree = TreeOf(scratch);
            Directory.CreateDirectory(tree);
            var (code, _, error) = await GitAsync(Root, ["archive", "--format=tar", Commit], tree, cancellationToken);
            if (code != 0)
            {
                throw new UserErrorException($"{Root}: git archive {Commit} failed: {error.Trim()}");
            }

            return scratch;
        }
        catch
        {
            await scratch.DisposeAsync();
            throw;
        }
    }

    public static string TreeOf(ScratchFolder scratch) => Path.Combine(scratch.Path, "tree");

    /// <summary>Where <paramref name="path"/> (inside <see cref="Root"/>) is in the tree written out to <paramref name="tree"/>; null when outside.</summary>
    public string? Rebase(string path, string tree)
    {
        var relative = Path.GetRelativePath(Root, path);
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : Path.Combine(tree, relative);
    }

    /// <param name="extractTo">When set, standard output is a tar stream, extracted there.</param>
    private static async Task<(int Code, string Output, string Error)> GitAsync(
        string folder, IReadOnlyList<string> arguments, string? extractTo, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-C");
        startInfo.ArgumentList.Add(folder);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new UserErrorException($"--baseline-from needs git on the host: {error.Message}; install it (apt-get install git).", error);
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(GitTimeout);
        try
        {
            var errors = process.StandardError.ReadToEndAsync(bounded.Token);
            var output = "";
            if (extractTo is null)
            {
                output = await process.StandardOutput.ReadToEndAsync(bounded.Token);
            }
            else
            {
                await TarFile.ExtractToDirectoryAsync(process.StandardOutput.BaseStream, extractTo, overwriteFiles: false, bounded.Token);
            }

            await process.WaitForExitAsync(bounded.Token);
            return (process.ExitCode, output, await errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UserErrorException($"git {string.Join(' ', arguments)} in {folder} did not finish within {GitTimeout.TotalMinutes:0} minutes.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
