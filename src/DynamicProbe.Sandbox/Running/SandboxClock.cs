using System.Globalization;
using DynamicProbe.Core.Analysis;
using DynamicProbe.Core.Events;
using DynamicProbe.Sandbox.Docker;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// The fake wall clock of a run with <c>sandbox.clock</c>: libfaketime (in the base image) named in a read-only
/// <c>/etc/ld.so.preload</c>, so every dynamically linked process of the sandbox loads it and its environment stays
/// clean, and a read-only <c>/etc/faketimerc</c> holding the offset from the real time. An offset, not a fixed start
/// ("@2031-01-01"): with a start, libfaketime restarts the clock in every new process, so a child would see time run
/// backwards; with an offset every process agrees and time ticks on from the scenario's instant (taken when the files
/// are written, moments before the container starts). The monotonic clock moves by the same constant, so timers and
/// <c>Task.Delay</c> keep their pace.
/// </summary>
internal sealed class SandboxClock
{
    /// <summary>How far the check may be off the expected fake time; only a clock that did not take is that far off.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(2);

    private readonly TimeSpan offset;

    private SandboxClock(string preloadPath, string configPath, TimeSpan offset)
    {
        PreloadPath = preloadPath;
        ConfigPath = configPath;
        this.offset = offset;
    }

    public string PreloadPath { get; }

    public string ConfigPath { get; }

    /// <summary>Writes the two files into <paramref name="folder"/>, readable by the sandbox user.</summary>
    public static async Task<SandboxClock> WriteAsync(string folder, DateTimeOffset clock, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        // Whole seconds, rounded up: the fake clock must never read before the scenario's instant. Rounded to the
        // nearest, it started up to half a second early, which showed once the sandbox started within a second.
        var offset = TimeSpan.FromSeconds(Math.Ceiling((clock - DateTimeOffset.UtcNow).TotalSeconds));
        var sandboxClock = new SandboxClock(Path.Combine(folder, "ld.so.preload"), Path.Combine(folder, "faketimerc"), offset);
        await IdentityFiles.WriteReadableAsync(sandboxClock.PreloadPath, FakeClock.LibraryPath + "\n", cancellationToken);
        await IdentityFiles.WriteReadableAsync(sandboxClock.ConfigPath, offset.TotalSeconds.ToString("+0;-0", CultureInfo.InvariantCulture) + "\n", cancellationToken);
        return sandboxClock;
    }

    public void MountInto(SandboxContainerBuilder builder) => builder
        .WithReadOnlyBind(PreloadPath, FakeClock.PreloadPath)
        .WithReadOnlyBind(ConfigPath, FakeClock.ConfigPath);

    /// <summary>
    /// Asks the sandbox for the time, as the sandbox user, with <c>date</c> (dynamically linked, like the target):
    /// the answer must be the fake time. The check's own events are the sandbox's, removed by its host pid.
    /// </summary>
    public async Task<Check> CheckAsync(SandboxContainer container, UserAccount user, CancellationToken cancellationToken)
    {
        ExecResult result;
        int? pid;
        await using (var process = await container.ExecAsync(new ExecRequest(["date", "-u", "+%s"], user, user.Home), 256, cancellationToken))
        {
            result = await process.WaitForExitAsync(cancellationToken);
            pid = await process.GetHostPidAsync(cancellationToken);
        }

        var expected = DateTimeOffset.UtcNow + offset;
        if (result.ExitCode != 0 || !long.TryParse(result.Stdout.Text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new Check(pid, $"the check `date -u +%s` inside the sandbox failed (exit code {result.ExitCode}: {result.Stderr.Text.Trim()}{result.Stdout.Text.Trim()}); the image needs a dynamically linked date");
        }

        var seen = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return (seen - expected).Duration() <= Tolerance
            ? new Check(pid, null)
            : new Check(pid, string.Create(CultureInfo.InvariantCulture, $"the sandbox's `date` showed {seen:yyyy-MM-dd'T'HH:mm:ss'Z'}, not the fake time {expected:yyyy-MM-dd'T'HH:mm:ss'Z'}: libfaketime did not take effect"));
    }

    /// <param name="HostPid">The check process, whose events are removed from the recording; null when it never ran.</param>
    /// <param name="Problem">Why the fake time cannot be trusted, or null when the check saw it.</param>
    public sealed record Check(int? HostPid, string? Problem)
    {
        public PhaseRecording Without(PhaseRecording recording) =>
            HostPid is { } pid ? recording with { Events = [.. recording.Events.Where(e => e.Pid != pid)] } : recording;
    }
}
