using System.Globalization;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Findings;
using DynamicProbe.Core.Reports;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Cli.Progress;

/// <summary>
/// What each scenario of a run is doing, kept from the progress events. Each change comes back as the line a CI log
/// shows (<c>shell-dropper: run, steps[1] http line 14</c>); <see cref="Snapshot"/> is what a live region shows.
/// Scenario names are shown inertly (<see cref="InertText"/>). Thread-safe.
/// </summary>
internal sealed class ProgressBoard(TimeProvider clock)
{
    /// <summary>The build's activity, replaced by the runs' once they start.</summary>
    private const string BuildKey = "";

    private readonly Lock gate = new();
    private readonly long start = clock.GetTimestamp();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly List<Entry> order = [];

    /// <summary>Since the board was made: the run's start.</summary>
    public TimeSpan Elapsed => clock.GetElapsedTime(start);

    /// <summary>An elapsed time as minutes and seconds (<c>01:05</c>), on the plain lines and in the live region alike.</summary>
    public static string Clock(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)elapsed.TotalMinutes:00}:{elapsed.Seconds:00}");

    public void Queue(Scenario scenario)
    {
        lock (gate)
        {
            EntryOf(scenario);
        }
    }

    public string Start(Scenario scenario)
    {
        lock (gate)
        {
            var entry = EntryOf(scenario);
            entry.StartedAt = clock.GetTimestamp();
            return $"{entry.Name}: started";
        }
    }

    public string Phase(Scenario scenario, Phase phase, string? run)
    {
        lock (gate)
        {
            var entry = EntryOf(scenario);
            if (run is null || phase == Core.Events.Phase.Build)
            {
                // A build begins a pass through the pipeline (--baseline-from makes two): what the last one did is over.
                entry.Activities.Clear();
                entry.Set(BuildKey, "build");
                return $"{entry.Name}: build";
            }

            var what = RunText(entry, run);
            entry.Activities.RemoveAll(a => a.Key == BuildKey);
            entry.Set(run, what);
            return $"{entry.Name}: {what}";
        }
    }

    public string StepStarted(Scenario scenario, string run, int index, ScenarioStep step)
    {
        lock (gate)
        {
            var entry = EntryOf(scenario);
            var what = $"{RunText(entry, run)}, {StepTimeline.RefOf(index, step)}";
            entry.Set(run, what);
            return $"{entry.Name}: {what}";
        }
    }

    public string StepEnded(Scenario scenario, string run, int index, StepOutcome outcome)
    {
        lock (gate)
        {
            var entry = EntryOf(scenario);
            var what = $"{RunText(entry, run)}, {StepTimeline.RefOf(index, outcome.Step)}";
            entry.Set(run, $"{what} ended");
            return $"{entry.Name}: {what}: {(outcome.Succeeded ? "ok" : "failed")}";
        }
    }

    public void Finish(Scenario scenario)
    {
        lock (gate)
        {
            var entry = EntryOf(scenario);
            entry.Done = true;
            entry.Activities.Clear();
        }
    }

    public BoardSnapshot Snapshot()
    {
        lock (gate)
        {
            var running = order.Where(e => e is { StartedAt: not null, Done: false })
                .Select(e => new BoardRow(e.Name, clock.GetElapsedTime(e.StartedAt!.Value), [.. e.Activities.Select(a => a.Value)]))
                .ToList();
            return new BoardSnapshot(Elapsed, order.Count, order.Count(e => e.Done), order.Count(e => e.StartedAt is null), running);
        }
    }

    private Entry EntryOf(Scenario scenario)
    {
        if (!entries.TryGetValue(scenario.Name, out var entry))
        {
            entry = new Entry(InertText.Escape(scenario.Name), scenario.Variants.Count > 0);
            entries.Add(scenario.Name, entry);
            order.Add(entry);
        }

        return entry;
    }

    /// <summary>A scenario without variants has one run, shown as <c>run</c>; with variants, each run is named.</summary>
    private static string RunText(Entry entry, string run) => entry.HasVariants ? $"run {InertText.Escape(run)}" : "run";

    private sealed class Entry(string name, bool hasVariants)
    {
        public string Name => name;

        public bool HasVariants => hasVariants;

        public long? StartedAt { get; set; }

        public bool Done { get; set; }

        /// <summary>What each of its runs (or its build) is doing, in the order they began.</summary>
        public List<KeyValuePair<string, string>> Activities { get; } = [];

        public void Set(string key, string activity)
        {
            var at = Activities.FindIndex(a => a.Key == key);
            if (at < 0)
            {
                Activities.Add(new(key, activity));
            }
            else
            {
                Activities[at] = new(key, activity);
            }
        }
    }
}
