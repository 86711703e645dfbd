using System.Diagnostics;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Sandbox.Build;

namespace DynamicProbe.Sandbox.Tests.Build;

/// <summary>
/// <c>--baseline-from</c>'s git side on a throwaway repository of two commits: the revision resolved, its tree
/// written out whole (not today's), removed on dispose, and no worktree registered in the repository.
/// </summary>
public sealed class GitRevisionTests
{
    private string _repository = null!;

    [SetUp]
    public void CreateRepository()
    {
        _repository = Path.Combine(Path.GetTempPath(), $"dynamicprobe-git-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_repository, "App"));
        Git("init", "--quiet");
        Commit("version 1");
        Commit("version 2");
    }

    [TearDown]
    public void DeleteRepository() => Directory.Delete(_repository, recursive: true);

    [Test]
    public async Task TheTreeOfTheRevisionIsWrittenOutAndRemovedAfter()
    {
        var revision = await GitRevision.ResolveAsync(Path.Combine(_repository, "App"), "HEAD~1", CancellationToken.None);
        string tree;
        await using (var checkout = await revision.CheckOutAsync(CancellationToken.None))
        {
            tree = GitRevision.TreeOf(checkout);
            Assert.That(File.ReadAllText(Path.Combine(tree, "App", "Program.cs")), Is.EqualTo("// version 1\n"));
            Assert.That(revision.Rebase(Path.Combine(_repository, "App", "Program.cs"), tree), Is.EqualTo(Path.Combine(tree, "App", "Program.cs")));
        }

        Assert.That(Directory.Exists(tree), Is.False);
        Assert.That(revision.Commit, Has.Length.EqualTo(40));
        Assert.That(Directory.Exists(Path.Combine(_repository, ".git", "worktrees")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(_repository, "App", "Program.cs")), Is.EqualTo("// version 2\n"), "the repository's own tree is untouched");
    }

    [Test]
    public async Task APathOutsideTheRepositoryIsNotRebased()
    {
        var revision = await GitRevision.ResolveAsync(_repository, "HEAD", CancellationToken.None);

        Assert.That(revision.Rebase("/etc/hosts", "/tmp/tree"), Is.Null);
        Assert.That(revision.Rebase(Path.GetDirectoryName(_repository)!, "/tmp/tree"), Is.Null);
    }

    [Test]
    public void AnUnknownRevisionIsAUserError()
    {
        var error = Assert.ThrowsAsync<UserErrorException>(() => GitRevision.ResolveAsync(_repository, "--output=/tmp/x", CancellationToken.None))!;

        Assert.That(error.Message, Does.Contain("--baseline-from --output=/tmp/x: no such commit"));
        Assert.That(File.Exists("/tmp/x"), Is.False);
    }

    [Test]
    public void AFolderOutsideAnyRepositoryIsAUserError()
    {
        var outside = Directory.CreateTempSubdirectory("dynamicprobe-no-git-").FullName;
        try
        {
            var error = Assert.ThrowsAsync<UserErrorException>(() => GitRevision.ResolveAsync(outside, "HEAD", CancellationToken.None))!;

            Assert.That(error.Message, Does.Contain("in a git repository"));
        }
        finally
        {
            Directory.Delete(outside);
        }
    }

    private void Commit(string text)
    {
        File.WriteAllText(Path.Combine(_repository, "App", "Program.cs"), $"// {text}\n");
        Git("add", "App");
        Git("-c", "user.name=DynamicProbe tests", "-c", "user.email=tests@example.com", "commit", "--quiet", "-m", text);
    }

    private void Git(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { WorkingDirectory = _repository, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var git = Process.Start(startInfo)!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
        }
    }
}
