namespace DynamicProbe.Core.Honeytokens;

/// <summary>
/// Everything one run plants: the secrets to watch for (<see cref="Tokens"/>), the folders and files that hold them
/// (with companions a real home has beside them, such as an SSH public key), and the variables for the target's
/// environment. <see cref="Folders"/> lists parents before children.
/// </summary>
public sealed record HoneytokenSet(
    IReadOnlyList<Honeytoken> Tokens,
    IReadOnlyList<CanaryFolder> Folders,
    IReadOnlyList<CanaryFile> Files,
    IReadOnlyDictionary<string, string> Environment)
{
    public static HoneytokenSet Empty { get; } = new([], [], [], new Dictionary<string, string>());

    /// <summary>
    /// The set without the variables a scenario sets itself: the scenario's value wins, so it is no canary and
    /// must not be watched for.
    /// </summary>
    public HoneytokenSet WithoutVariables(IEnumerable<string> names)
    {
        var taken = names.ToHashSet(StringComparer.Ordinal);
        return this with
        {
            Tokens = [.. Tokens.Where(t => t.EnvironmentVariable is null || !taken.Contains(t.EnvironmentVariable))],
            Environment = Environment.Where(v => !taken.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal),
        };
    }
}
