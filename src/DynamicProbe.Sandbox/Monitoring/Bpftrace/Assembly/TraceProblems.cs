using System.Globalization;

namespace DynamicProbe.Sandbox.Monitoring.Bpftrace.Assembly;

/// <summary>
/// Tracer output that could not be understood, counted by reason with the first example of each. Anything here
/// means events may be missing or wrong, so it makes the recording incomplete: nothing is dropped silently.
/// </summary>
internal sealed class TraceProblems
{
    private const int MaxReasons = 16;
    private readonly Dictionary<string, (long Count, string Example)> _byReason = new(StringComparer.Ordinal);

    public long Count { get; private set; }

    public void Add(string reason, string example)
    {
        Count++;
        if (_byReason.TryGetValue(reason, out var seen))
        {
            _byReason[reason] = (seen.Count + 1, seen.Example);
        }
        else if (_byReason.Count < MaxReasons)
        {
            _byReason[reason] = (1, example);
        }
    }

    /// <summary>One sentence for <see cref="DynamicProbe.Core.Events.MonitorHealth.Failure"/>, or null when there were none.</summary>
    public string? Describe() => Count == 0
        ? null
        : string.Create(CultureInfo.InvariantCulture, $"{Count} tracer record(s) could not be understood: ")
          + string.Join("; ", _byReason.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value.Count}× {r.Key} (first: {r.Value.Example})")));
}
