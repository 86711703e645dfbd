namespace DynamicProbe.Core.Events;

/// <summary>
/// A file the program left in a writable place (its home, /tmp) when the run ended, with its first bytes: taken from
/// the sandbox before it is removed, so planted secrets copied into a file can be recognised.
/// </summary>
/// <param name="ContentBase64">The first bytes of the file, base64; at most the runner's limit.</param>
/// <param name="Size">The file's whole size.</param>
public sealed record FileContentEvent(
    DateTimeOffset Time,
    int Pid,
    string Process,
    string Path,
    string ContentBase64,
    long Size) : ProbeEvent(Time, Pid, Process);
