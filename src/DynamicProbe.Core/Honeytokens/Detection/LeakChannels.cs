using System.Globalization;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Honeytokens.Detection;

/// <summary>
/// Every way out a recording shows, searched for the honeytokens' secrets: the argv of every exec, the names of files
/// touched, the files left in the sandbox (<see cref="FileContentEvent"/>), the first bytes of every connection and
/// datagram the sinkhole caught, and DNS names (<see cref="DnsDataStreams"/>).
/// </summary>
internal static class LeakChannels
{
    private const int MaxShownCommandLine = 300;

    public static IEnumerable<LeakSighting> In(IReadOnlyList<ProbeEvent> events, SecretScanner scanner)
    {
        foreach (var probeEvent in events)
        {
            var sightings = probeEvent switch
            {
                ProcessExecEvent exec => InArgv(exec, scanner),
                FileContentEvent content => InFileContent(content, scanner),
                FileEvent file => InFileNames(file, scanner),
                SinkholeCaptureEvent capture => InCapture(capture, scanner),
                _ => [],
            };
            foreach (var sighting in sightings)
            {
                yield return sighting;
            }
        }

        foreach (var sighting in DnsDataStreams.Of(events.OfType<DnsQueryEvent>()).SelectMany(s => InDns(s, scanner)))
        {
            yield return sighting;
        }
    }

    private static IEnumerable<LeakSighting> InArgv(ProcessExecEvent exec, SecretScanner scanner)
    {
        var shown = CommandLine.Format(exec.Argv);
        if (shown.Length > MaxShownCommandLine)
        {
            shown = shown[..MaxShownCommandLine] + "…";
        }

        var matches = exec.Argv.SelectMany(a => scanner.FindInAnyForm(a)).Select(m => (m, false));
        return Sightings(matches, $"exec\0{exec.Path}", "passed", $"on the command line of {exec.Path}: {shown}", exec);
    }

    private static IEnumerable<LeakSighting> InFileNames(FileEvent file, SecretScanner scanner)
    {
        var names = file.SecondPath is null ? [file.Path] : new[] { file.Path, file.SecondPath };
        return names.SelectMany(name => Sightings(
            scanner.FindInAnyForm(name).Select(m => (m, false)), $"path\0{name}", "put", $"into the file name {name}", file));
    }

    private static IEnumerable<LeakSighting> InFileContent(FileContentEvent content, SecretScanner scanner)
    {
        var matches = CapturedBytes.Texts(content.ContentBase64)
            .SelectMany(t => scanner.FindInAnyForm(t.Text).Select(m => (m, t.Gzipped)))
            // A canary file the program changed holds its own secret: that is where it was planted, not a leak.
            .Where(m => m.m.Needle.Token.FilePath != content.Path);
        return Sightings(matches, $"file\0{content.Path}", "written", $"to the file {content.Path} left in the sandbox", content);
    }

    private static IEnumerable<LeakSighting> InCapture(SinkholeCaptureEvent capture, SecretScanner scanner)
    {
        var protocol = capture.Protocol.ToUpperInvariant();
        var name = capture.DnsName ?? capture.TlsServerName;
        var to = name is null
            ? capture.Endpoint
            : $"{name}:{capture.Port.ToString(CultureInfo.InvariantCulture)} ({capture.Address})";
        var sni = capture.TlsServerName is { } server && server != name ? $", TLS server name {server}" : "";
        var matches = CapturedBytes.Texts(capture.FirstBytesBase64).SelectMany(t => scanner.FindInAnyForm(t.Text).Select(m => (m, t.Gzipped)));
        return Sightings(matches, $"net\0{capture.Protocol}\0{capture.Endpoint}", "sent", $"over {protocol} to {to}{sni}", capture);
    }

    /// <summary>
    /// One sighting per honeytoken in a stream. Its zone is what follows the last label any of its matches touched:
    /// a fragment ending in an earlier label must not make the data labels after it look like a zone.
    /// </summary>
    private static IEnumerable<LeakSighting> InDns(DnsDataStream stream, SecretScanner scanner)
    {
        var found = new List<(SecretMatch Match, IReadOnlyList<DnsDataPart> Parts)>();
        foreach (var match in scanner.FindIn(stream.Data))
        {
            var parts = stream.PartsOf(match.Index, match.Needle.Text.Length);
            // Within one name, the name's own stream reports it.
            if (!stream.AcrossQueries || parts.Select(p => p.Query).Distinct().Skip(1).Any())
            {
                found.Add((match, parts));
            }
        }

        foreach (var group in found.GroupBy(f => f.Match.Needle.Token))
        {
            var best = group.Select(f => LeakForm.Of(f.Match, false)).MinBy(f => f.Rank)!;
            var parts = group.SelectMany(f => f.Parts).ToList();
            var zone = parts.MaxBy(p => p.Start)!.Zone;
            var queries = parts.Select(p => p.Query).Distinct().OrderBy(q => q.Time).ToList();
            var place = queries.Count == 1
                ? $"in the DNS name {queries[0].Name} (zone {zone})"
                : $"across {queries.Count} DNS names under {zone}, the first {queries[0].Name}";
            yield return new LeakSighting(group.Key, $"dns\0{zone.ToLowerInvariant()}", "sent", place, best, queries);
        }
    }

    /// <summary>One sighting per honeytoken found in an event: the plainest way it was seen there.</summary>
    private static IEnumerable<LeakSighting> Sightings(
        IEnumerable<(SecretMatch Match, bool Gzipped)> matches, string destination, string verb, string place, ProbeEvent evidence) =>
        matches
            .GroupBy(m => m.Match.Needle.Token)
            .Select(g => new LeakSighting(g.Key, destination, verb, place, g.Select(m => LeakForm.Of(m.Match, m.Gzipped)).MinBy(f => f.Rank)!, [evidence]));
}
