using System.Diagnostics;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Baselines;

/// <summary>
/// A temporary git repository holding the greeter (Assets/: its project, two versions of its program and its
/// scenario), deleted on dispose. Git on the host only commits and checks out; nothing of it is built here.
/// </summary>
internal sealed class TestRepository : IDisposable
{
    private static readonly string Assets = Path.Combine(RepositoryPaths.Root, "tests", "DynamicProbe.Integration.Tests", "Baselines", "Assets");

    public TestRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), $"dynamicprobe-baseline-repo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(Root, "Greeter"));
        File.Copy(Path.Combine(Assets, "Greeter.csproj.txt"), Path.Combine(Root, "Greeter", "Greeter.csproj"));
        File.Copy(Path.Combine(Assets, "greeter.yaml.txt"), Scenario);
        Git("init", "--quiet");
    }

    public string Root { get; }

    public string Scenario => Path.Combine(Root, "greeter.yaml");

    public string BaselineFile => Path.Combine(Root, "greeter.baseline");

    /// <summary>Puts version <paramref name="version"/> of the program in place and commits it.</summary>
    public void Commit(int version)
    {
        File.Copy(Path.Combine(Assets, $"Program.v{version}.cs.txt"), Path.Combine(Root, "Greeter", "Program.cs"), overwrite: true);
        Git("add", "greeter.yaml", "Greeter");
        Git("-c", "user.name=DynamicProbe tests", "-c", "user.email=tests@example.com", "commit", "--quiet", "-m", $"greeter v{version}");
    }

    public string Git(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var git = Process.Start(startInfo)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        return git.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {error}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
