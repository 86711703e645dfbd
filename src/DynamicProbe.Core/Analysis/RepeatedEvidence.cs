using DynamicProbe.Core.Events;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// A finding's evidence: one entry per distinct action, bounded. An event identical to one already kept (same
/// process, operation, subject, flags and result: every field but its time and step) is counted on that entry
/// (<see cref="ProbeEvent.Repeats"/>) instead of kept again; a new action past the bound is counted in
/// <see cref="Omitted"/>. So every event added is either kept or counted.
/// </summary>
public sealed class RepeatedEvidence(int capacity)
{
    private readonly List<ProbeEvent> _kept = [];
    private readonly List<int> _repeats = [];
    private readonly Dictionary<ProbeEvent, int> _index = [];

    /// <summary>Events added that are neither kept nor a repeat of a kept one.</summary>
    public int Omitted { get; private set; }

    public void Add(ProbeEvent probeEvent)
    {
        var identity = probeEvent with { Time = default, Step = null, Repeats = null };
        if (_index.TryGetValue(identity, out var at))
        {
            _repeats[at] += probeEvent.Times;
        }
        else if (_kept.Count < capacity)
        {
            _index.Add(identity, _kept.Count);
            _kept.Add(probeEvent);
            _repeats.Add(probeEvent.Times);
        }
        else
        {
            Omitted += probeEvent.Times;
        }
    }

    /// <summary>The kept entries in the order they first happened, each repeated one with its count.</summary>
    public IReadOnlyList<ProbeEvent> Entries() =>
        [.. _kept.Select((e, i) => e with { Repeats = _repeats[i] == 1 ? null : _repeats[i] })];
}
