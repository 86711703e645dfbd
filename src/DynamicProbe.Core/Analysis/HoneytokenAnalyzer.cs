using System.Globalization;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Honeytokens;
using DynamicProbe.Core.Honeytokens.Detection;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Checks a run's recording against the canary credentials planted for it. A successful read of a canary file is
/// <see cref="ReadRule"/> (a failed probe of one is left to the behaviour rules). A canary secret leaving the program
/// in any channel (argv, file name, a file left behind, a connection or datagram the sinkhole caught, a DNS name)
/// and in any of the encodings <see cref="SecretNeedles"/> knows is <see cref="ExfiltrationRule"/>: one finding per
/// honeytoken and destination, naming the secret, where it was planted, how it was encoded and where it went.
/// </summary>
public static class HoneytokenAnalyzer
{
    public const string ReadRule = "honeytoken-read";
    public const string ExfiltrationRule = "honeytoken-exfiltration";

    /// <summary>Evidence kept per finding; the finding still counts every occurrence.</summary>
    public const int MaxEvidencePerFinding = BehaviourAnalyzer.MaxEvidencePerFinding;

    public static IReadOnlyList<Finding> Analyze(PhaseRecording recording, IReadOnlyList<Honeytoken> honeytokens)
    {
        if (honeytokens.Count == 0)
        {
            return [];
        }

        var leaks = LeakChannels.In(recording.Events, new SecretScanner(honeytokens))
            .GroupBy(s => (s.Token, s.Destination))
            .Select(g => Exfiltration(recording.Phase, [.. g]));
        return [.. leaks.OrderBy(f => f.Evidence[0].Time), .. Reads(recording, honeytokens)];
    }

    private static Finding Exfiltration(Phase phase, List<LeakSighting> sightings)
    {
        var best = sightings.MinBy(s => s.Form.Rank)!;
        var evidence = sightings.SelectMany(s => s.Evidence).Distinct().OrderBy(e => e.Time).ToList();
        var actor = evidence.FirstOrDefault(e => e.Pid != 0) is { } known ? $" by {known.Process}" : "";
        var message = $"{HoneytokenKind.Describe(best.Token.Kind)} from {HoneytokenKind.Origin(best.Token)} {best.Verb} {best.Form.Describe()} {best.Place}{actor}";
        return new Finding(ExfiltrationRule, Severity.Critical, phase, message, [.. evidence.Take(MaxEvidencePerFinding)], evidence.Count)
        {
            Steps = StepTimeline.StepsOf(evidence),
            EvidenceOmitted = Math.Max(0, evidence.Count - MaxEvidencePerFinding),

            // Where the canary was planted and where it went: the secret itself is fresh every run.
            Subject = $"{HoneytokenKind.Origin(best.Token)} -> {sightings[0].Destination.Replace('\0', ' ')}",
        };
    }

    private static IEnumerable<Finding> Reads(PhaseRecording recording, IReadOnlyList<Honeytoken> honeytokens)
    {
        var planted = honeytokens.Where(t => t.FilePath is not null).GroupBy(t => t.FilePath!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First());
        return recording.Events
            .OfType<FileEvent>()
            .Where(f => f is { Operation: FileOperation.Read, Succeeded: true } && planted.ContainsKey(f.Path))
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .Select(reads =>
            {
                var token = planted[reads.Key];
                var count = reads.Sum(r => r.Times);
                var times = count == 1 ? "" : $" ({count.ToString(CultureInfo.InvariantCulture)} times)";
                return new Finding(
                    ReadRule,
                    Severity.High,
                    recording.Phase,
                    $"read the canary {HoneytokenKind.Describe(token.Kind)} planted in {reads.Key}{times}, first by {reads.First().Process}",
                    [.. reads.Take(MaxEvidencePerFinding)],
                    count)
                {
                    Steps = StepTimeline.StepsOf(reads),
                    EvidenceOmitted = Math.Max(0, count - MaxEvidencePerFinding),
                    Subject = reads.Key,
                };
            });
    }
}
