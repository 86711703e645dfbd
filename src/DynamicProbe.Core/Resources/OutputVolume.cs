namespace DynamicProbe.Core.Resources;

/// <summary>How much a step's process printed on one stream, and how much of it the capture kept.</summary>
public sealed record OutputVolume(string Step, string Stream, long TotalBytes, long KeptBytes);
