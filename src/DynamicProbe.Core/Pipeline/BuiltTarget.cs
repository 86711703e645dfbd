namespace DynamicProbe.Core.Pipeline;

/// <summary>
/// A target's publish output on the host, to be mounted read-only at <c>/app</c>.
/// <paramref name="AssemblyName"/> names the executable: the program is <c>/app/&lt;AssemblyName&gt;</c>.
/// </summary>
public sealed record BuiltTarget(string PublishFolder, string AssemblyName)
{
    public const string MountPoint = "/app";

    public string ExecutablePath => $"{MountPoint}/{AssemblyName}";
}
