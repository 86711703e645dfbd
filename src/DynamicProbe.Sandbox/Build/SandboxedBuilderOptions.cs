using DynamicProbe.Sandbox.Images;
using DynamicProbe.Sandbox.Running;

namespace DynamicProbe.Sandbox.Build;

/// <summary>The build sandbox's fixed shape. A build needs more than a run: the compiler is memory-hungry.</summary>
/// <param name="SdkFolder">The host SDK, mounted read-only at /usr/share/dotnet.</param>
/// <param name="PackagesFolder">The host's NuGet packages, the only package source an offline restore has.</param>
public sealed record SandboxedBuilderOptions(
    string Image = "dynamicprobe/sdk",
    string SdkFolder = "",
    string PackagesFolder = "",
    long MemoryBytes = 2L * 1024 * 1024 * 1024,
    double Cpus = 2,
    int Pids = 512,
    long TmpBytes = 1024L * 1024 * 1024,
    int LogLimitBytes = 1024 * 1024,
    TimeSpan Timeout = default,
    TimeSpan CleanupTimeout = default,
    string ScratchRoot = ScratchFolder.DefaultRoot)
{
    /// <summary>The host's own SDK (the one this tool runs on) and NuGet packages folder.</summary>
    public static SandboxedBuilderOptions Default { get; } = new(
        SdkFolder: ImageBuilderOptions.HostDotnetRoot(),
        PackagesFolder: Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        Timeout: TimeSpan.FromMinutes(10),
        CleanupTimeout: TimeSpan.FromSeconds(30));
}
