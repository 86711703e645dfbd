namespace DynamicProbe.Cli.Progress;

/// <summary>How a run shows its progress (<c>--progress</c>).</summary>
public enum ProgressMode
{
    /// <summary>Live on a terminal; plain lines when the output is a pipe or a file (CI logs), or with <c>NO_COLOR</c> or <c>TERM=dumb</c>.</summary>
    Auto,

    /// <summary>A live region at the bottom of the terminal (Spectre.Console), results printed above it.</summary>
    Live,

    /// <summary>One timestamped line per change, never a colour or cursor code.</summary>
    Plain,

    /// <summary>No progress, only each scenario's result as it finishes.</summary>
    None,
}
