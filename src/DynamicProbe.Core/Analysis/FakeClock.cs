using DynamicProbe.Core.Events;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Core.Analysis;

/// <summary>
/// The sandbox's fake clock (<c>sandbox.clock</c>) as a recording shows it. libfaketime is named in a read-only
/// <see cref="PreloadPath"/>, so the loader maps it into every dynamically linked process with no variable in the
/// target's environment to give it away; its offset from the real time is in <see cref="ConfigPath"/>. What that
/// machinery does inside each process is the sandbox's doing, not the target's (<see cref="Machinery"/>); a process
/// that never loaded the library (a statically linked program ignores the preload) saw the real time, so a run with
/// one cannot be trusted (<see cref="ProcessesOutsideIt"/>).
/// </summary>
public static class FakeClock
{
    public const string PreloadPath = "/etc/ld.so.preload";
    public const string ConfigPath = "/etc/faketimerc";
    public const string LibraryPath = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    /// <summary>
    /// The loader reading the preload list and the library; libfaketime reading its offset (it looks for
    /// <c>~/.faketimerc</c> first, and, in 0.9.10, opens a file named <c>(null)</c> in the working directory: an
    /// unset timestamp-file variable printed with %s) and sharing it with the process's children through POSIX shared
    /// memory and a semaphore in <c>/dev/shm</c> (named after the pid, made under a temporary name first, removed at
    /// exit).
    /// </summary>
    public static Expectations Machinery { get; } = Expectations.Empty with
    {
        FilesRead = [PreloadPath, ConfigPath, LibraryPath, "/home/*/.faketimerc", "**/(null)"],
        FilesWrite = ["/dev/shm/faketime_shm_*", "/dev/shm/sem.faketime_sem_*", "/dev/shm/sem.??????"],
    };

    /// <summary>
    /// One line per program that ran without the fake clock: every successful exec must be followed by its process
    /// opening <see cref="LibraryPath"/> before it execs again or the recording ends.
    /// </summary>
    public static IReadOnlyList<string> ProcessesOutsideIt(PhaseRecording recording)
    {
        var waiting = new Dictionary<int, ProcessExecEvent>();
        var outside = new List<ProcessExecEvent>();
        foreach (var probeEvent in recording.Events)
        {
            switch (probeEvent)
            {
                case ProcessExecEvent { Result: 0 } exec:
                    if (waiting.Remove(exec.Pid, out var earlier))
                    {
                        outside.Add(earlier);
                    }

                    waiting[exec.Pid] = exec;
                    break;
                case FileEvent { Operation: FileOperation.Read, Path: LibraryPath, Succeeded: true } load:
                    waiting.Remove(load.Pid);
                    break;
            }
        }

        outside.AddRange(waiting.Values);
        return [.. outside
            .OrderBy(e => e.Time)
            .Select(e => $"{e.Path} (pid {e.Pid}) never loaded libfaketime, so it saw the real time: a statically linked "
                + "program ignores /etc/ld.so.preload; the fake clock cannot be trusted for this run")];
    }
}
