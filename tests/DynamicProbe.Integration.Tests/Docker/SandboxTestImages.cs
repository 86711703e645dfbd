namespace DynamicProbe.Integration.Tests.Docker;

/// <summary>The images the sandbox tests run in: built from sandbox-images/ (Debian minbase, user probe uid 1000, perl-base).</summary>
internal static class SandboxTestImages
{
    public const string Base = "dynamicprobe/base";
}
