using DynamicProbe.Core.Events;

namespace DynamicProbe.Sandbox.Network;

/// <summary>
/// Events of one kind sorted by time, to find the one nearest a given time within a window: a binary search, then
/// a walk outwards that stops at the window's edges, so thousands of records against thousands of events stay fast.
/// </summary>
internal sealed class NearestInTime<T>(IEnumerable<T> events, TimeSpan window) where T : ProbeEvent
{
    private readonly List<T> _events = [.. events.OrderBy(e => e.Time)];

    /// <summary>The matching event nearest <paramref name="time"/>; removed when <paramref name="take"/>, so it serves once.</summary>
    public T? Find(DateTimeOffset time, Func<T, bool> matches, bool take)
    {
        var index = FirstAtOrAfter(time);
        var before = index - 1;
        var after = index;
        T? best = null;
        var bestIndex = -1;
        while (true)
        {
            var earlier = before >= 0 && time - _events[before].Time <= window ? _events[before] : null;
            var later = after < _events.Count && _events[after].Time - time <= window ? _events[after] : null;
            if (earlier is null && later is null)
            {
                break;
            }

            // Walk outwards in order of distance, so the first match is the nearest.
            var useEarlier = later is null || (earlier is not null && time - earlier.Time <= later.Time - time);
            var candidate = useEarlier ? earlier! : later!;
            var candidateIndex = useEarlier ? before-- : after++;
            if (matches(candidate))
            {
                best = candidate;
                bestIndex = candidateIndex;
                break;
            }
        }

        if (take && best is not null)
        {
            _events.RemoveAt(bestIndex);
        }

        return best;
    }

    private int FirstAtOrAfter(DateTimeOffset time)
    {
        int low = 0, high = _events.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_events[middle].Time < time)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
