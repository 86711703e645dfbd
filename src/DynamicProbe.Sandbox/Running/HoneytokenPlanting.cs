using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Scenarios;
using DynamicProbe.Sandbox.Build;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Puts a run's canary credentials where thieves look: the files into the user's home, from the host through
/// <c>/proc/&lt;init pid&gt;/root</c> like <see cref="HomeSeeding"/> (so no exec appears in the recording), owned by
/// the user with the modes the real tools give them; the variables go to the target's processes only (see
/// <see cref="RunningSandbox.TargetEnvironment"/>), never to the init or the container's configuration.
/// </summary>
internal static class HoneytokenPlanting
{
    /// <summary>How old the planted files look: a home whose credentials were all written a second ago smells of a sandbox.</summary>
    private static readonly TimeSpan Age = TimeSpan.FromDays(41);

    /// <summary>
    /// The canaries for this run: a fresh set when the scenario wants honeytokens, else none. A variable the scenario
    /// sets itself keeps the scenario's value and is no canary.
    /// </summary>
    public static HoneytokenSet For(Scenario scenario, UserAccount user, HoneytokenGenerator generator) =>
        scenario.Sandbox.Honeytokens
            ? generator.Generate(user.Home).WithoutVariables(scenario.Sandbox.Env.Keys)
            : HoneytokenSet.Empty;

    /// <summary>
    /// Writes the canary folders and files into the home of a started sandbox. Runs before any step, so nothing of
    /// the target's can have put a symlink on the way.
    /// </summary>
    public static async Task PlantAsync(int initPid, UserAccount user, HoneytokenSet canaries, CancellationToken cancellationToken)
    {
        if (canaries.Files.Count == 0)
        {
            return;
        }

        var home = HomeSeeding.HomeOnHost(initPid, user);
        var planted = DateTime.UtcNow - Age;
        foreach (var folder in canaries.Folders)
        {
            var path = OnHost(home, user, folder.Path);
            Directory.CreateDirectory(path);
            Own(path, folder.Mode, user, planted);
        }

        foreach (var file in canaries.Files)
        {
            var path = OnHost(home, user, file.Path);
            await File.WriteAllTextAsync(path, file.Content, cancellationToken);
            Own(path, file.Mode, user, planted);
        }
    }

    private static void Own(string path, UnixFileMode mode, UserAccount user, DateTime planted)
    {
        File.SetUnixFileMode(path, mode);
        Ownership.Change(path, user.Uid, user.Gid);
        Directory.SetLastWriteTimeUtc(path, planted);
    }

    /// <summary>The host path of a canary, which must lie inside the home.</summary>
    private static string OnHost(string homeOnHost, UserAccount user, string path)
    {
        var relative = Path.GetRelativePath(user.Home, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) || relative == "."
            ? throw new ArgumentException($"the canary {path} is not inside the home {user.Home}", nameof(path))
            : Path.Combine(homeOnHost, relative);
    }
}
