namespace DynamicProbe.Core.Analysis;

/// <summary>
/// Shows an argv the way a shell user would type it, so argument boundaries and hidden arguments stand out. The text
/// stays exact (a newline in an argument stays a newline): reports make it inert when they print it
/// (<see cref="Reports.InertText"/>), so it is escaped once, in one place.
/// </summary>
public static class CommandLine
{
    public static string Format(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+%".Contains(c, StringComparison.Ordinal))
            ? argument
            : $"'{argument.Replace("'", "'\"'\"'", StringComparison.Ordinal)}'";
}
