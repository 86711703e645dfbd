using System.Text.Json;
using DynamicProbe.Core.Events;
using DynamicProbe.Core.Pipeline;
using DynamicProbe.Core.Reports;

namespace DynamicProbe.Sandbox.Build;

/// <summary>
/// Earlier successful builds, keyed by a hash of the sources and everything else the build depends on. An entry
/// keeps the publish output and the build's recording, so a reused build is still judged on what it did.
/// </summary>
public sealed class BuildCache(string root)
{
    private const string PublishFolder = "publish";
    private const string EntryFile = "build.json";

    /// <summary>
    /// The default place: <c>$DYNAMICPROBE_CACHE</c>, else <c>~/.cache/sysimage/builds</c>. A run's target sees the
    /// path of its publish folder in <c>/proc/self/mountinfo</c> (the source of <c>/app</c>), so it names neither
    /// Docker nor this tool.
    /// </summary>
    public static BuildCache Default() => new(
        Environment.GetEnvironmentVariable("DYNAMICPROBE_CACHE") is { Length: > 0 } configured
            ? Path.Combine(configured, "builds")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sysimage", "builds"));

    public async Task<BuildOutcome?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, key);
        var entryPath = Path.Combine(folder, EntryFile);
        if (!File.Exists(entryPath))
        {
            return null;
        }

        await using var stream = File.OpenRead(entryPath);
        var entry = await JsonSerializer.DeserializeAsync<CacheEntry>(stream, JsonReportWriter.Options, cancellationToken);
        return entry is null
            ? null
            : new BuildOutcome(
                new BuiltTarget(Path.Combine(folder, PublishFolder), entry.AssemblyName),
                new PhaseRecording(Phase.Build, entry.Events, entry.Health),
                entry.ImageName,
                entry.LogTail,
                Reused: true);
    }

    /// <summary>
    /// Moves a finished build's publish folder into the cache and records what it did. Only complete recordings of
    /// successful builds are kept: an incomplete one must be observed again, never reused as if it were whole.
    /// </summary>
    public async Task<BuiltTarget> StoreAsync(string key, string publishFolder, string assemblyName, BuildOutcome outcome, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, key);
        var staging = $"{folder}.{Environment.ProcessId}.tmp";
        Directory.CreateDirectory(staging);
        Directory.Move(publishFolder, Path.Combine(staging, PublishFolder));
        var entry = new CacheEntry(assemblyName, outcome.ImageName, outcome.LogTail, outcome.Recording.Events, outcome.Recording.Health);
        await using (var stream = File.Create(Path.Combine(staging, EntryFile)))
        {
            await JsonSerializer.SerializeAsync(stream, entry, JsonReportWriter.Options, cancellationToken);
        }

        if (Directory.Exists(folder))
        {
            // Another run stored the same build meanwhile; theirs is as good as ours.
            Directory.Delete(staging, recursive: true);
        }
        else
        {
            Directory.Move(staging, folder);
        }

        return new BuiltTarget(Path.Combine(folder, PublishFolder), assemblyName);
    }

    private sealed record CacheEntry(string AssemblyName, string ImageName, string LogTail, IReadOnlyList<ProbeEvent> Events, MonitorHealth Health);
}
