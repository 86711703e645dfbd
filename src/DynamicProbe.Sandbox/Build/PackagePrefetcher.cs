using System.Diagnostics;
using System.Security;
using DynamicProbe.Core.Pipeline;

namespace DynamicProbe.Sandbox.Build;

/// <summary>
/// Fills the host's NuGet packages folder with the packages a target references, so the build sandbox can restore
/// offline. The restore runs on a project this class writes itself, holding only those package references: none of
/// the target's own MSBuild logic runs on the host.
/// </summary>
public sealed class PackagePrefetcher(string packagesFolder, TimeSpan timeout)
{
    /// <exception cref="UserErrorException">A package could not be restored (unknown, or no NuGet source reachable).</exception>
    public async Task EnsureAsync(ProjectFacts facts, CancellationToken cancellationToken)
    {
        var missing = facts.Packages.Where(p => !IsCached(p)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var folder = Directory.CreateTempSubdirectory("dynamicprobe-prefetch-");
        try
        {
            // Empty props and targets stop MSBuild from importing anything from the folders above this one.
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Directory.Build.props"), "<Project />", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Directory.Build.targets"), "<Project />", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Directory.Packages.props"), "<Project />", cancellationToken);
            var project = Path.Combine(folder.FullName, "prefetch.csproj");
            await File.WriteAllTextAsync(project, ProjectText(facts.TargetFramework, missing), cancellationToken);
            await RestoreAsync(project, missing, facts.ProjectPath, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private bool IsCached(PackageDependency package) =>
        package.Version.Length > 0
        && Directory.Exists(Path.Combine(packagesFolder, package.Id.ToLowerInvariant(), package.Version.ToLowerInvariant()));

    private static string ProjectText(string targetFramework, IEnumerable<PackageDependency> packages) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>{SecurityElement.Escape(targetFramework)}</TargetFramework>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
          </PropertyGroup>
          <ItemGroup>
        {string.Join('\n', packages.Select(p => $"""    <PackageReference Include="{SecurityElement.Escape(p.Id)}" Version="{SecurityElement.Escape(p.Version)}" />"""))}
          </ItemGroup>
        </Project>
        """;

    private async Task RestoreAsync(string project, IReadOnlyList<PackageDependency> packages, string targetProject, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "restore", project, "--packages", packagesFolder, "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(bounded.Token);
        var errors = process.StandardError.ReadToEndAsync(bounded.Token);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var log = (await output + await errors).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(10);
            throw new UserErrorException(
                $"{targetProject}: the packages it references could not be fetched ({string.Join(", ", packages.Select(p => $"{p.Id} {p.Version}"))}); "
                + $"the build sandbox has no network and restores only from {packagesFolder}. Check the package names and versions and that a NuGet source is reachable.\n"
                + string.Join('\n', log));
        }
    }
}
