namespace DynamicProbe.Core.Honeytokens;

/// <summary>A folder the canary files need (absolute), with the mode the tool that owns it would give it.</summary>
public sealed record CanaryFolder(string Path, UnixFileMode Mode);
