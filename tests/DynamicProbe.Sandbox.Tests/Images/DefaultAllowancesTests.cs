using DynamicProbe.Core.Policy;
using DynamicProbe.Core.Scenarios;

namespace DynamicProbe.Sandbox.Tests.Images;

/// <summary>
/// The images' default allowances against what their runtimes were seen doing (paths taken from bpftrace recordings
/// of a console hello-world, a small ASP.NET app and their `dotnet publish`), and against what must stay a finding.
/// </summary>
public sealed class DefaultAllowancesTests
{
    private static readonly string[] NeverRead =
    [
        "/home/probe/.aws/credentials", "/home/probe/.ssh/id_rsa", "/home/probe/.bashrc", "/home/probe/.nuget/NuGet/NuGet.Config",
        "/root/.ssh/id_rsa", "/etc/shadow", "/proc/1/environ", "/proc/self/environ",
    ];

    private static readonly string[] NeverWritten =
    [
        "/home/probe/.bashrc", "/home/probe/.profile", "/etc/passwd", "/etc/profile.d/x.sh", "/etc/ld.so.preload",
    ];

    private static readonly string[] NeverStarted = ["/bin/sh", "/usr/bin/sh", "/bin/bash", "/usr/bin/curl", "/usr/bin/perl", "/tmp/payload"];

    [TestCase("base")]
    [TestCase("dotnet")]
    [TestCase("sdk")]
    public void NoImageAllowsTheUsersFilesShellsOrPersistence(string image)
    {
        var allowed = Load(image);

        Assert.Multiple(() =>
        {
            foreach (var path in NeverRead)
            {
                Assert.That(allowed.AllowsRead(path), Is.False, $"{image} must not allow reading {path}");
            }

            foreach (var path in NeverWritten)
            {
                Assert.That(allowed.AllowsWrite(path), Is.False, $"{image} must not allow writing {path}");
            }

            foreach (var program in NeverStarted)
            {
                Assert.That(allowed.AllowsProcess(program), Is.False, $"{image} must not allow starting {program}");
            }
        });
    }

    [Test]
    public void TheDotnetImageAllowsWhatTheRuntimeWasSeenDoing()
    {
        var allowed = Load("dotnet");

        AssertAllowed(
            allowed,
            reads:
            [
                "/app/hello.dll", "/app/hello.runtimeconfig.json", "/app", "/usr/share/dotnet/host/fxr/10.0.12/libhostfxr.so",
                "/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/System.Private.CoreLib.dll",
                "/lib/x86_64-linux-gnu/libicuuc.so.72", "/usr/lib/x86_64-linux-gnu/libmsquic.so.2", "/etc/ld.so.cache",
                "/etc/passwd", "/etc/nsswitch.conf", "/proc/self/maps", "/proc/42/stat", "/proc/self/task/43/stat",
                "/proc/self/mountinfo", "/proc/meminfo", "/proc/sys/vm/overcommit_memory", "/sys/fs/cgroup/memory/memory.stat",
                "/sys/devices/system/cpu/possible", "/etc/ssl/certs/ca-certificates.crt", "/usr/lib/ssl/openssl.cnf", "/dev/urandom",
            ],
            writes:
            [
                "/tmp/clr-debug-pipe-7-174212-in", "/tmp/dotnet-diagnostic-7-174212-socket", "/proc/self/task/12/comm",
                "/dev/shm/sem.clrst00000007000000000002a884", "/tmp/.dotnet.p2r7Ke", "/tmp/.dotnet/shm/session1/lock", "/dev/null",
            ],
            processes: ["/sbin/init", "/usr/share/dotnet/dotnet"]);
    }

    [Test]
    public void TheDotnetImageKeepsTheProgramsFolderReadOnlyAndTmpToTheRuntime()
    {
        var allowed = Load("dotnet");

        Assert.That(allowed.AllowsWrite("/app/hello.dll"), Is.False);
        Assert.That(allowed.AllowsWrite("/tmp/payload.sh"), Is.False);
        Assert.That(allowed.AllowsRead("/tmp/other-program-data"), Is.False);
    }

    [Test]
    public void TheSdkImageAllowsWhatAPublishWasSeenDoing()
    {
        var allowed = Load("sdk");

        AssertAllowed(
            allowed,
            reads:
            [
                "/", "/src/app.csproj", "/nuget/packages/yamldotnet/16.3.0/lib/net8.0/YamlDotNet.dll",
                "/usr/share/dotnet/sdk/10.0.401/MSBuild.dll", "/usr/share/dotnet/packs/Microsoft.NETCore.App.Ref/10.0.0/ref/net10.0/System.Runtime.dll",
                "/usr/share/dotnet/sdk-manifests/10.0.100/microsoft.net.sdk.android/36.1.2/WorkloadManifest.json",
                "/etc/pki/ca-trust/extracted/pem/objsign-ca-bundle.pem", "/sys/kernel/mm/transparent_hugepage/hpage_pmd_size",
            ],
            writes:
            [
                "/src/obj/project.assets.json", "/src/bin/Release/net10.0/app.dll", "/out/app.dll",
                "/tmp/MSBuildTempLNd9lN/tmp5e34.rsp", "/tmp/NuGetScratchprobe/lock/14dc39", "/tmp/CASESENSITIVETESTfe58",
                "/tmp/dotnet-home/.dotnet/10.0.401.dotnetFirstUseSentinel", "/usr/share/dotnet/metadata/k1rjqh5p.eov",
            ],
            processes: ["/sbin/init", "/usr/share/dotnet/dotnet", "/usr/share/dotnet/sdk/10.0.401/Roslyn/bincore/csc"]);
        Assert.That(allowed.AllowsWrite("/usr/share/dotnet/sdk/10.0.401/MSBuild.dll"), Is.False);
        Assert.That(allowed.AllowsRead("/root/.nuget/packages/yamldotnet/16.3.0/yamldotnet.nuspec"), Is.False);
    }

    [Test]
    public void TheBaseImageAllowsOnlyTheLoaderAndTheCLibrary()
    {
        var allowed = Load("base");

        AssertAllowed(allowed, reads: ["/etc/ld.so.cache", "/lib/x86_64-linux-gnu/libc.so.6", "/etc/passwd"], writes: ["/dev/null"], processes: ["/sbin/init"]);
        Assert.That(allowed.AllowsRead("/usr/share/dotnet/dotnet"), Is.False);
        Assert.That(allowed.AllowsRead("/app/hello.dll"), Is.False);
        Assert.That(allowed.AllowsWrite("/tmp/clr-debug-pipe-1-2-in"), Is.False);
    }

    private static void AssertAllowed(AllowanceSet allowed, string[] reads, string[] writes, string[] processes) =>
        Assert.Multiple(() =>
        {
            foreach (var path in reads)
            {
                Assert.That(allowed.AllowsRead(path), Is.True, $"read {path}");
            }

            foreach (var path in writes)
            {
                Assert.That(allowed.AllowsWrite(path), Is.True, $"write {path}");
            }

            foreach (var program in processes)
            {
                Assert.That(allowed.AllowsProcess(program), Is.True, $"start {program}");
            }
        });

    private static AllowanceSet Load(string image)
    {
        var path = Path.Combine(RepositoryRecipes.Folder, image, "allowances.yaml");
        return new AllowanceSet(ExpectationsParser.Parse(File.ReadAllText(path), path));
    }
}
