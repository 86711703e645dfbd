using System.Globalization;

namespace DynamicProbe.Core.Scenarios;

/// <summary>
/// The scenario again under other conditions. <see cref="Sandbox"/> is the scenario's sandbox with this variant's
/// overrides applied: a variant's <c>env</c> is merged over the scenario's (its names win), every other field it
/// lists replaces the scenario's value. <see cref="OverriddenFields"/> names the sandbox fields the variant wrote, so
/// behaviour that differs between variants can be tied to the trigger that changed.
/// </summary>
public sealed record Variant(
    string Name,
    SandboxSpec Sandbox,
    IReadOnlyList<string> OverriddenFields,
    SourceLocation Location)
{
    /// <summary>What this variant changes, in words: <c>clock 2032-06-01T00:00:00Z, env CI=</c>.</summary>
    public string DescribeOverrides(SandboxSpec original) => string.Join(", ", OverriddenFields.Select(field => field switch
    {
        "clock" => $"clock {(Sandbox.Clock is { } clock ? Format(clock) : "real")}",
        "hostname" => $"hostname {Sandbox.Hostname}",
        "env" => "env " + string.Join(' ', Sandbox.Env
            .Where(v => !original.Env.TryGetValue(v.Key, out var was) || was != v.Value)
            .Select(v => $"{v.Key}={v.Value}")),
        "user" => $"user {Sandbox.User}",
        "image" => $"image {Sandbox.Image}",
        "network" => $"network {Sandbox.Network.ToString().ToLowerInvariant()}",
        "timeout" => string.Create(CultureInfo.InvariantCulture, $"timeout {Sandbox.Timeout.TotalSeconds}s"),
        "memory" => string.Create(CultureInfo.InvariantCulture, $"memory {Sandbox.MemoryBytes} bytes"),
        "cpus" => string.Create(CultureInfo.InvariantCulture, $"cpus {Sandbox.Cpus}"),
        "pids" => string.Create(CultureInfo.InvariantCulture, $"pids {Sandbox.Pids}"),
        "honeytokens" => $"honeytokens {(Sandbox.Honeytokens ? "true" : "false")}",
        _ => field,
    }));

    private static string Format(DateTimeOffset clock) => clock.Offset == TimeSpan.Zero
        ? clock.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : clock.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
