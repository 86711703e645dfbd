using System.Text.RegularExpressions;
using DynamicProbe.Core.Honeytokens;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// What an action is, with what differs from run to run of the same program folded away, so two runs can be compared:
/// canary values (fresh per run), digit runs in paths (pids, ports, counters, dates in file names) and random
/// temporary names (<c>/tmp/tmpK3xQ9a.tmp</c>). Endpoints are compared by the name the sandbox's DNS gave them for.
/// </summary>
public sealed partial record BehaviourKey(ActionKind Kind, string Subject)
{
    public const string Canary = "<canary>";

    public static BehaviourKey Of(ObservedAction action, IReadOnlyList<Honeytoken> honeytokens)
    {
        var subject = honeytokens.Aggregate(action.NamedSubject ?? action.Subject, (text, token) => text.Replace(token.Secret, Canary, StringComparison.Ordinal));
        return new(action.Kind, IsPath(action.Kind) ? FoldPath(subject) : subject);
    }

    private static bool IsPath(ActionKind kind) =>
        kind is ActionKind.FileRead or ActionKind.FileWrite or ActionKind.FileDelete or ActionKind.ProcessExec;

    private static string FoldPath(string path)
    {
        var folded = Patterns.Digits().Replace(path, "#");
        return TemporaryFolders.Any(folder => path.StartsWith(folder, StringComparison.Ordinal))
            ? Patterns.RandomName().Replace(folded, m => m.Value.Any(char.IsUpper) || m.Value.Contains('#', StringComparison.Ordinal) ? "*" : m.Value)
            : folded;
    }

    /// <summary>Where programs make randomly named files (mkstemp, Path.GetTempFileName, shm_open).</summary>
    private static readonly string[] TemporaryFolders = ["/tmp/", "/var/tmp/", "/dev/shm/"];

    private static partial class Patterns
    {
        [GeneratedRegex("[0-9]+")]
        public static partial Regex Digits();

        /// <summary>Six or more letters and folded digits: random when they mix cases or hold a digit.</summary>
        [GeneratedRegex("[A-Za-z#]{6,}")]
        public static partial Regex RandomName();
    }
}
