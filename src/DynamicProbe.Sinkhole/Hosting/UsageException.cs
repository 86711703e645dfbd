namespace DynamicProbe.Sinkhole.Hosting;

/// <summary>The command line was wrong; the message says what and how to fix it.</summary>
public sealed class UsageException(string message) : Exception(message);
