namespace DynamicProbe.Cli.Progress;

/// <summary>What a run prints as it goes (<c>--progress</c>) and how much of each result (<c>--quiet</c>).</summary>
/// <param name="Quiet">Only the summary, each scenario's problems and the report paths: no progress, no findings.</param>
public sealed record ConsoleSettings(ProgressMode Progress, bool Quiet)
{
    public static ConsoleSettings Default { get; } = new(ProgressMode.Auto, Quiet: false);

    /// <summary>The mode to use: <see cref="ProgressMode.Auto"/> decided for this output and environment.</summary>
    /// <param name="outputIsTerminal">The output is the process's own stdout and that is a terminal.</param>
    public ProgressMode Resolve(bool outputIsTerminal, Func<string, string?> environment)
    {
        if (Quiet)
        {
            return ProgressMode.None;
        }

        if (Progress != ProgressMode.Auto)
        {
            return Progress;
        }

        // NO_COLOR counts when set to anything but the empty string (no-color.org); a live region is nothing but colour and cursor codes.
        var plainAsked = !string.IsNullOrEmpty(environment("NO_COLOR"));
        var term = environment("TERM");
        return outputIsTerminal && !plainAsked && !string.IsNullOrEmpty(term) && term != "dumb" ? ProgressMode.Live : ProgressMode.Plain;
    }

    /// <summary>True when <paramref name="output"/> is this process's stdout and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}
