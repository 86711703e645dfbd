namespace DynamicProbe.Core.Scenarios;

/// <summary>What a step gets for a field the scenario leaves out.</summary>
public static class StepDefaults
{
    /// <summary><c>wait_for.timeout</c>; the scenario's own <c>sandbox.timeout</c> still bounds it.</summary>
    public static readonly TimeSpan WaitForTimeout = TimeSpan.FromSeconds(30);

    /// <summary><c>stop.signal</c>, a name without the <c>SIG</c> prefix.</summary>
    public const string StopSignal = "TERM";

    /// <summary><c>stop.grace</c>: how long the target may take to exit before it is killed.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary><c>http.method</c>.</summary>
    public const string HttpMethod = "GET";

    /// <summary><c>http.timeout</c>; the scenario's own <c>sandbox.timeout</c> still bounds it.</summary>
    public static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(30);
}
