using System.Globalization;

namespace DynamicProbe.Sandbox.Running;

/// <summary>
/// Whether something listens on a TCP port in a sandbox's network namespace, read on the host from
/// <c>/proc/&lt;pid&gt;/net/tcp{,6}</c> of a process inside it. Nothing runs in the sandbox to find out, so the
/// check leaves no trace in the recording.
/// </summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    /// <summary>True when the namespace of host process <paramref name="pid"/> has a TCP socket listening on <paramref name="port"/>.</summary>
    public static bool IsListening(int pid, int port, string procRoot = "/proc") =>
        new[] { "tcp", "tcp6" }.Any(table => ListensIn(ReadOrEmpty(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "net", table)), port));

    /// <summary>True when a <c>/proc/net/tcp</c>-format table holds a socket in LISTEN state on <paramref name="port"/>.</summary>
    internal static bool ListensIn(string table, int port) =>
        table.Split('\n')
            .Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 3 && fields[3] == ListenState)
            .Select(fields => fields[1].Split(':'))
            .Any(local => local.Length == 2
                          && int.TryParse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var listening)
                          && listening == port);

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
