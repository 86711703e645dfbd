namespace DynamicProbe.Core.Scenarios;

/// <summary>One scripted action; <see cref="Location"/> points at it in the scenario file.</summary>
public abstract record ScenarioStep(SourceLocation Location)
{
    /// <summary>The step's key as written in YAML (<c>run</c>, <c>exec</c>, …), for messages.</summary>
    public abstract string Kind { get; }
}

/// <summary>Start the target in the background.</summary>
public sealed record StartStep(SourceLocation Location) : ScenarioStep(Location)
{
    public override string Kind => "start";
}

/// <summary>Run the target to completion and check how it ended.</summary>
public sealed record RunStep(SourceLocation Location, int? ExpectExit, string? Stdin, string? StdoutContains) : ScenarioStep(Location)
{
    public override string Kind => "run";
}

/// <summary>Run an extra command inside the same sandbox.</summary>
public sealed record ExecStep(SourceLocation Location, IReadOnlyList<string> Argv) : ScenarioStep(Location)
{
    public override string Kind => "exec";
}

public sealed record SleepStep(SourceLocation Location, TimeSpan Duration) : ScenarioStep(Location)
{
    public override string Kind => "sleep";
}

/// <summary>Stop the background target: <paramref name="Signal"/> first, then KILL after <paramref name="Grace"/>.</summary>
public sealed record StopStep(SourceLocation Location, string Signal, TimeSpan Grace) : ScenarioStep(Location)
{
    public override string Kind => "stop";
}

/// <summary>Wait until something is listening on <paramref name="Port"/> inside the sandbox.</summary>
public sealed record WaitForStep(SourceLocation Location, int Port, TimeSpan Timeout) : ScenarioStep(Location)
{
    public override string Kind => "wait_for";
}

/// <summary>
/// An HTTP request made by DynamicProbe itself from inside the sandbox's network namespace, to a URL on its loopback.
/// </summary>
/// <param name="ExpectBodyContains">Text the response body must contain (checked in its first bytes, see the README).</param>
/// <param name="Timeout">How long the whole exchange may take, connect to last body byte.</param>
public sealed record HttpStep(
    SourceLocation Location,
    string Method,
    Uri Url,
    string? Body,
    IReadOnlyDictionary<string, string> Headers,
    int? ExpectStatus,
    string? ExpectBodyContains,
    TimeSpan Timeout) : ScenarioStep(Location)
{
    public override string Kind => "http";
}
