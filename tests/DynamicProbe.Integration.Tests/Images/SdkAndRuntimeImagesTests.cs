using System.Xml.Linq;
using Docker.DotNet.Models;
using DynamicProbe.Integration.Tests.Docker;
using DynamicProbe.Sandbox.Docker;
using DynamicProbe.Sandbox.Images;

namespace DynamicProbe.Integration.Tests.Images;

/// <summary>
/// A hello-world with a NuGet package is published in dynamicprobe/sdk exactly as sandbox-images/sdk/README.md says
/// (offline, read-only SDK and packages), then run in dynamicprobe/dotnet under the full lock-down.
/// </summary>
[NonParallelizable]
public sealed class SdkAndRuntimeImagesTests
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private DockerEngine _engine = null!;
    private DirectoryInfo _work = null!;
    private Task<ContainerRun>? _publish;

    private string Sources => Path.Combine(_work.FullName, "src");

    private string Output => Path.Combine(_work.FullName, "out");

    [OneTimeSetUp]
    public async Task BuildTheImagesAndWriteTheProject()
    {
        _engine = DockerEngine.FromEnvironment();
        await ImagesUnderTest.BuildAsync(_engine, "dynamicprobe/dotnet", "dynamicprobe/sdk");

        _work = Directory.CreateTempSubdirectory("dynamicprobe-images-test-");
        foreach (var folder in new[] { Sources, Output })
        {
            // The build runs as probe (uid 1000); the host folders it writes must let it.
            Directory.CreateDirectory(folder);
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        }

        await File.WriteAllTextAsync(Path.Combine(Sources, "hello.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="YamlDotNet" Version="{RepositoryPackageVersion("YamlDotNet")}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(Sources, "Program.cs"), """
            var status = File.ReadAllLines("/proc/self/status");
            string Field(string name) => string.Join(' ', status.First(l => l.StartsWith(name + ":")).Split(':', 2)[1].Split('\t', StringSplitOptions.RemoveEmptyEntries));
            var rootfs = "writable";
            try { File.WriteAllText("/dynamicprobe-write-test", "x"); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { rootfs = "read-only"; }
            var interfaces = string.Join(',', File.ReadLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()));
            Console.Write(new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(new { greeting = $"hello from {Environment.UserName}" }));
            Console.WriteLine($"uids={Field("Uid")}");
            Console.WriteLine($"capeff={Field("CapEff")}");
            Console.WriteLine($"nonewprivs={Field("NoNewPrivs")}");
            Console.WriteLine($"rootfs={rootfs}");
            Console.WriteLine($"interfaces={interfaces}");
            """);
    }

    [OneTimeTearDown]
    public void RemoveTheProject()
    {
        _work.Delete(recursive: true);
        _engine.Dispose();
    }

    [Test]
    public async Task TheSdkImagePublishesOfflineFromTheHostPackages()
    {
        var publish = await PublishAsync();

        Assert.That(publish.ExitCode, Is.Zero, publish.Stdout + publish.Stderr);
        Assert.That(Path.Combine(Output, "hello"), Does.Exist);
        Assert.That(Path.Combine(Output, "YamlDotNet.dll"), Does.Exist);
    }

    [Test]
    public async Task AHelloWorldRunsAsProbeUnderTheFullLockDown()
    {
        var publish = await PublishAsync();
        Assume.That(publish.ExitCode, Is.Zero, "the publish test reports why the build failed");

        var run = await ContainerRun.RunAsync(
            _engine,
            new CreateContainerParameters
            {
                Image = "dynamicprobe/dotnet",
                User = "probe",
                Cmd = ["/app/hello"],
                Labels = new Dictionary<string, string>(TestLabels.ForTest("images-hello-run")),
                HostConfig = ContainerRun.LockedDown([$"{Output}:/app:ro"], "64m"),
            },
            TimeSpan.FromMinutes(1));

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Does.Contain("greeting: hello from probe"));
        Assert.That(run.Stdout, Does.Contain("uids=1000 1000 1000 1000"));
        Assert.That(run.Stdout, Does.Contain("capeff=0000000000000000"));
        Assert.That(run.Stdout, Does.Contain("nonewprivs=1"));
        Assert.That(run.Stdout, Does.Contain("rootfs=read-only"));
        Assert.That(run.Stdout, Does.Contain("interfaces=lo").And.Not.Contain("eth0"));
    }

    // The build container of sandbox-images/sdk/README.md.
    private Task<ContainerRun> PublishAsync() => _publish ??= ContainerRun.RunAsync(
        _engine,
        new CreateContainerParameters
        {
            Image = "dynamicprobe/sdk",
            User = "probe",
            WorkingDir = "/src",
            Cmd =
            [
                "dotnet", "publish", "/src/hello.csproj", "-c", "Release", "-o", "/out",
                "--source", "/nuget/packages", "-p:RestoreFallbackFolders=/nuget/packages", "-p:UseSharedCompilation=false",
            ],
            Labels = new Dictionary<string, string>(TestLabels.ForTest("images-sdk-publish")),
            HostConfig = ContainerRun.LockedDown(
                [
                    $"{ImageBuilderOptions.HostDotnetRoot()}:/usr/share/dotnet:ro",
                    $"{HostNuGetPackages()}:/nuget/packages:ro",
                    $"{Sources}:/src:rw",
                    $"{Output}:/out:rw",
                ],
                "1g"),
        },
        PublishTimeout);

    private static string HostNuGetPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepositoryPackageVersion(string package)
    {
        var recipes = RecipesFolderLocator.Find(TestContext.CurrentContext.TestDirectory);
        var props = XDocument.Load(Path.Combine(Path.GetDirectoryName(recipes)!, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Single(p => (string?)p.Attribute("Include") == package).Attribute("Version")!.Value;
    }
}
