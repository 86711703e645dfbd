using System.Diagnostics;
using DynamicProbe.Integration.Tests.Examples;

namespace DynamicProbe.Integration.Tests.Network;

/// <summary>Publishes the real catcher (src/DynamicProbe.Sinkhole) once for the network tests, into a folder of their own.</summary>
[SetUpFixture]
public sealed class PublishedCatcher
{
    private static DirectoryInfo? folder;

    public static string Folder => folder?.FullName ?? throw new InvalidOperationException("the catcher was not published");

    [OneTimeSetUp]
    public async Task PublishAsync()
    {
        folder = Directory.CreateTempSubdirectory("dynamicprobe-test-sinkhole-");
        var project = Path.Combine(RepositoryPaths.Root, "src", "DynamicProbe.Sinkhole", "DynamicProbe.Sinkhole.csproj");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["publish", project, "-c", "Release", "-o", folder.FullName, "--nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        Assert.That(publish.ExitCode, Is.Zero, $"dotnet publish of the catcher failed:\n{await output}\n{await errors}");
    }

    [OneTimeTearDown]
    public void Remove() => folder?.Delete(recursive: true);
}
