namespace DynamicProbe.Sandbox.Docker;

/// <summary>How an exec'd process ended: its exit code (128+signal when killed) and its bounded output.</summary>
public sealed record ExecResult(long ExitCode, BoundedCapture Stdout, BoundedCapture Stderr);
