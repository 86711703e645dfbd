using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Packaging;

/// <summary>
/// The tool package, made and installed as a user would (real <c>dotnet pack</c> and <c>dotnet tool install</c>, offline
/// from a local folder), runs from its install folder and carries what it needs beside its dll.
/// </summary>
public sealed partial class DotnetToolTests
{
    private DirectoryInfo _scratch = null!;
    private string _toolPath = null!;

    [OneTimeSetUp]
    public async Task PackAndInstall()
    {
        _scratch = Directory.CreateTempSubdirectory("dynamicprobe-tool-");
        var packages = Path.Combine(_scratch.FullName, "packages");
        _toolPath = Path.Combine(_scratch.FullName, "tool");

        // The CLI is built already (this project references it): pack it without building, publishing into scratch.
        var pack = await RunAsync(
            "dotnet", RepositoryPaths.Root,
            "pack", Path.Combine(RepositoryPaths.Root, "src", "DynamicProbe.Cli"),
            "-c", Configuration, "--no-build", "--disable-build-servers", "--nologo",
            "-o", packages, $"-p:PublishDir={Path.Combine(_scratch.FullName, "publish")}/");
        Assert.That(pack.ExitCode, Is.EqualTo(0), pack.Output + pack.Error);

        var package = Directory.GetFiles(packages, "DynamicProbe.*.nupkg").Single();
        var version = PackageVersion().Match(Path.GetFileName(package)).Groups[1].Value;

        // Only the local folder as a source, so the install never reaches a remote feed.
        var config = Path.Combine(_scratch.FullName, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var install = await RunAsync(
            "dotnet", _scratch.FullName,
            "tool", "install", "DynamicProbe", "--version", version,
            "--tool-path", _toolPath, "--add-source", packages, "--configfile", config);
        Assert.That(install.ExitCode, Is.EqualTo(0), install.Output + install.Error);
    }

    [OneTimeTearDown]
    public void DeleteScratch() => _scratch?.Delete(recursive: true);

    [Test]
    public async Task TheInstalledToolShowsItsUsage()
    {
        var help = await RunAsync(Tool, _scratch.FullName, "--help");

        Assert.That(help.ExitCode, Is.EqualTo(0), help.Error);
        Assert.That(help.Output, Does.Contain("Usage:").And.Contain("dynamicprobe [command] [options]"));
        Assert.That(help.Output, Does.Contain("run <PATH>").And.Contain("validate <PATH>").And.Contain("schema"));
    }

    [Test]
    public async Task TheInstalledToolValidatesAnExample()
    {
        var example = Path.Combine(RepositoryPaths.Examples, "hello-console.yaml");

        var validate = await RunAsync(Tool, _scratch.FullName, "validate", example);

        Assert.That(validate.ExitCode, Is.EqualTo(0), validate.Error);
        Assert.That(validate.Output, Does.StartWith($"ok  {example}{Environment.NewLine}"));
    }

    [Test]
    public void TheCatcherAndTheImageRecipesAreBesideTheInstalledDll()
    {
        // Where CatcherFolderLocator and RecipesFolderLocator look from an installed tool: its dll's own folder.
        var dll = Directory.GetFiles(Path.Combine(_toolPath, ".store"), "dynamicprobe.dll", SearchOption.AllDirectories).Single();
        var folder = Path.GetDirectoryName(dll)!;

        Assert.That(Path.Combine(folder, "sinkhole", "DynamicProbe.Sinkhole.dll"), Does.Exist);
        Assert.That(Path.Combine(folder, "sinkhole", "DynamicProbe.Sinkhole.runtimeconfig.json"), Does.Exist);
        var recipes = Path.Combine(RepositoryPaths.Root, "sandbox-images");
        var packed = Path.Combine(folder, "sandbox-images");
        Assert.That(
            Directory.GetFiles(packed, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(packed, file)).Order(StringComparer.Ordinal),
            Is.EqualTo(Directory.GetFiles(recipes, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(recipes, file)).Order(StringComparer.Ordinal)));
    }

    private string Tool => Path.Combine(_toolPath, "dynamicprobe");

    private static string Configuration =>
        typeof(DotnetToolTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // MSBuildLocator sets MSBuild variables in this process for in-process evaluation; a child dotnet finds its own.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"^DynamicProbe\.(.+)\.nupkg$")]
    private static partial Regex PackageVersion();
}
