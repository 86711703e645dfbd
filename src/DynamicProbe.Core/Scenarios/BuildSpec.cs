namespace DynamicProbe.Core.Scenarios;

/// <summary>The build phase: always sandboxed, checked against its own expectations.</summary>
public sealed record BuildSpec(bool Sandboxed, Expectations Expect);
