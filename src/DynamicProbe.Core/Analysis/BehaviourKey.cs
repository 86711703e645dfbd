using System.Text.RegularExpressions;
using DynamicProbe.Core.Honeytokens;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// What an action is, with what differs from run to run of the same program folded away, so two runs can be compared:
/// canary values (fresh per run), digit runs in paths (pids, ports, counters, dates in file names) and random
/// temporary names (<c>/tmp/tmpK3xQ9a.tmp</c>), Unix socket paths like other paths, and ports the kernel hands out
/// (the ephemeral range: a server bound to port 0 listens on a new one each run), and DNS labels that carry data
/// (<c>735449465a4b4355496c.2.exfil.example.org</c>: a canary value encoded, fresh per run). Endpoints are compared
/// by the name the sandbox's DNS gave them for.
/// </summary>
public sealed partial record BehaviourKey(ActionKind Kind, string Subject)
{
    public const string Canary = "<canary>";

    /// <summary>What a port in the kernel's ephemeral range folds to.</summary>
    public const string EphemeralPort = "<ephemeral>";

    /// <summary>Linux's default <c>net.ipv4.ip_local_port_range</c>, which the sandbox does not change.</summary>
    private const int EphemeralLow = 32768;
    private const int EphemeralHigh = 60999;

    public static BehaviourKey Of(ObservedAction action, IReadOnlyList<Honeytoken> honeytokens)
    {
        var subject = honeytokens.Aggregate(action.NamedSubject ?? action.Subject, (text, token) => text.Replace(token.Secret, Canary, StringComparison.Ordinal));
        return new(action.Kind, Fold(action.Kind, subject));
    }

    private static string Fold(ActionKind kind, string subject) => kind switch
    {
        ActionKind.FileRead or ActionKind.FileWrite or ActionKind.FileDelete or ActionKind.ProcessExec => FoldPath(subject),
        ActionKind.NetworkConnect or ActionKind.NetworkSend or ActionKind.NetworkListen =>
            subject.StartsWith('/') || subject.StartsWith('@') ? FoldPath(subject) : FoldName(FoldEphemeralPort(subject)),
        ActionKind.DnsQuery => FoldName(subject),
        _ => subject,
    };

    /// <summary>Each label that looks like encoded data (ten or more letters and digits, both present) as <c>*</c>.</summary>
    private static string FoldName(string name) =>
        string.Join('.', name.Split('.').Select(label => Patterns.DataLabel().IsMatch(label) ? "*" : label));

    private static string FoldEphemeralPort(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon >= 0
            && int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= EphemeralLow and <= EphemeralHigh
                ? $"{endpoint[..(colon + 1)]}{EphemeralPort}"
                : endpoint;
    }

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

        [GeneratedRegex("^(?=[A-Za-z0-9]*[0-9])(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{10,}$")]
        public static partial Regex DataLabel();
    }
}
