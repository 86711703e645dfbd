namespace DynamicProbe.Core.Honeytokens;

/// <summary>
/// One canary credential planted for a run: where it was put and the secret value unique to this run. Reading its
/// file is a finding; its value leaving the program in any form is a critical one.
/// </summary>
/// <param name="Kind">What it poses as, e.g. "aws-credentials", "ssh-private-key", "github-token".</param>
/// <param name="FilePath">The planted file inside the sandbox (absolute), or null for an environment variable.</param>
/// <param name="EnvironmentVariable">The variable holding it, or null for a file.</param>
/// <param name="Secret">The value that must never leave: long and random enough not to appear by chance.</param>
public sealed record Honeytoken(string Kind, string? FilePath, string? EnvironmentVariable, string Secret);
