namespace DynamicProbe.Core.Analysis;

/// <summary>Shows an argv the way a shell user would type it, so hidden arguments and odd characters stand out.</summary>
public static class CommandLine
{
    public static string Format(IEnumerable<string> argv) => string.Join(' ', argv.Select(Quote));

    private static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@+%".Contains(c, StringComparison.Ordinal)))
        {
            return argument;
        }

        var escaped = string.Concat(argument.Select(c => c switch
        {
            '\'' => "'\\''",
            '\n' => "'$'\\n''",
            '\t' => "'$'\\t''",
            _ when char.IsControl(c) => $"'$'\\x{(int)c:x2}''",
            _ => c.ToString(),
        }));
        return $"'{escaped}'";
    }
}
