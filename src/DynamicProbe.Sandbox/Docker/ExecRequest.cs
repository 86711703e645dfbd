namespace DynamicProbe.Sandbox.Docker;

/// <summary>A command to run inside a started sandbox container, beside its init.</summary>
/// <param name="Stdin">Bytes fed to the process, then end-of-file; null leaves stdin unattached.</param>
/// <param name="Environment">Variables for this process only, over the container's (the run's canary credentials).</param>
public sealed record ExecRequest(
    IReadOnlyList<string> Argv,
    UserAccount User,
    string WorkingDirectory,
    byte[]? Stdin = null,
    IReadOnlyDictionary<string, string>? Environment = null);
