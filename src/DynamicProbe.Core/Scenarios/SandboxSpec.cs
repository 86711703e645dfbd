namespace DynamicProbe.Core.Scenarios;

/// <summary>The sandbox's shape and limits. <see cref="Image"/> null means the default image for the target kind.</summary>
public sealed record SandboxSpec(
    string? Image,
    NetworkMode Network,
    TimeSpan Timeout,
    long MemoryBytes,
    double Cpus,
    int Pids,
    string User,
    IReadOnlyDictionary<string, string> Env,
    string? Hostname,
    DateTimeOffset? Clock,
    bool Honeytokens)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    public const long DefaultMemoryBytes = 512L * 1024 * 1024;
    public const double DefaultCpus = 1;
    public const int DefaultPids = 256;
    public const string DefaultUser = "probe";
}
