namespace DynamicProbe.Core.Honeytokens;

/// <summary>A file of the canary set: where it goes in the sandbox (absolute), what it holds and its mode.</summary>
public sealed record CanaryFile(string Path, string Content, UnixFileMode Mode);
